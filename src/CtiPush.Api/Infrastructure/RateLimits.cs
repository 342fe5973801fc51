using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CtiPush.Infrastructure;

/// <summary>
/// The framework's rate limiter against guessing secrets: per client address, 429 with Retry-After and a problem
/// body. Each feature adds its own policy (<see cref="AddPolicy"/>).
/// </summary>
public static class RateLimits
{
    public static IHostApplicationBuilder AddCtiPushRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(limits => limits is { WrongTokensPerMinute: > 0, SignInsPerMinute: > 0 },
                "RateLimits:WrongTokensPerMinute and RateLimits:SignInsPerMinute must be 1 or more.")
            .ValidateOnStart();
        builder.Services.AddRateLimiter(options => options.OnRejected = async (rejected, cancellationToken) =>
        {
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
            var context = rejected.HttpContext;
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            await TypedResults.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many requests",
                detail: $"Too many failed attempts from this address; try again in {retryAfter} s.").ExecuteAsync(context);
        });
        return builder;
    }

    /// <summary>Adds the policy <paramref name="name"/>; <paramref name="partition"/> reads the limits from <see cref="RateLimitOptions"/>.</summary>
    public static IServiceCollection AddPolicy(IServiceCollection services, string name, Func<HttpContext, RateLimitOptions, RateLimitPartition<string>> partition) =>
        services.Configure<RateLimiterOptions>(options => options.AddPolicy(name, context =>
            partition(context, context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value)));

    /// <summary><paramref name="perMinute"/> attempts at <paramref name="what"/> per client address and minute.</summary>
    public static RateLimitPartition<string> PerAddress(HttpContext context, string what, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter($"{what}:{context.Connection.RemoteIpAddress}", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
}
