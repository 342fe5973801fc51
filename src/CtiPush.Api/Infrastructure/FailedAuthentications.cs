using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CtiPush.Infrastructure;

/// <summary>
/// One limit per client address on failed authentications of every kind (a wrong bearer key or token, a wrong key or
/// password at sign-in): past <see cref="RateLimitOptions.FailedAuthenticationsPerMinute"/> in a minute, that address
/// is refused (429) even with the right secret, until the window ends. A right secret never counts, so a busy script or
/// a room of colleagues behind one address is never slowed.
/// </summary>
/// <remarks>
/// The framework's rate limiter, but not its middleware: the middleware takes a permit before the endpoint runs, when
/// nobody knows yet whether the secret is right, and has no way to give the permit back. So a partitioned fixed-window
/// limiter is asked twice: for no permit before authenticating (is the address still under the limit?), and for one
/// permit after a failure (count it). Failures that race past the first question together can exceed the limit by
/// the number of requests in flight, no more.
/// </remarks>
public sealed class FailedAuthentications : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter;
    private readonly ILogger<FailedAuthentications> logger;

    public FailedAuthentications(IOptions<RateLimitOptions> options, ILogger<FailedAuthentications> logger)
    {
        this.logger = logger;
        var perMinute = options.Value.FailedAuthenticationsPerMinute;
        limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));
    }

    /// <summary>How long the request's address must wait before it may authenticate again; null while it may.</summary>
    public TimeSpan? WaitFor(HttpContext context)
    {
        using var lease = limiter.AttemptAcquire(Partition(context.Connection.RemoteIpAddress), 0);
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
    }

    /// <summary>
    /// Counts a failed authentication against the request's address. The caller logs what failed (never what was
    /// presented); this logs when the address reaches the limit.
    /// </summary>
    public void Count(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        var partition = Partition(address);
        using var lease = limiter.AttemptAcquire(partition, 1);
        if (lease.IsAcquired && limiter.GetStatistics(partition)?.CurrentAvailablePermits == 0)
        {
            logger.LogWarning("Too many failed authentications from {Address}: it is refused until the minute is over", address);
        }
    }

    /// <summary>The 429 for an address over the limit: <c>Retry-After</c> in whole seconds and a problem body.</summary>
    public static ProblemHttpResult Refusal(HttpContext context, TimeSpan wait)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests",
            detail: $"Too many failed attempts from this address; try again in {seconds} s.");
    }

    /// <summary>An IPv4 address as it is; an IPv6 address by its /64, the least a single client is given.</summary>
    private static string Partition(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    public void Dispose() => limiter.Dispose();
}
