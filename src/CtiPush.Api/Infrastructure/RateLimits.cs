using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CtiPush.Infrastructure;

/// <summary>
/// The framework's rate limiter against guessing secrets: per client address, 429 with Retry-After and a problem
/// body. Each feature adds its own policy (<see cref="AddPolicy"/>); failed authentications have one limit of their
/// own, outside the middleware (<see cref="FailedAuthentications"/>).
/// </summary>
public static class RateLimits
{
    public static IHostApplicationBuilder AddCtiPushRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Configure<IConfiguration>(ReadFormerNames)
            .Validate(limits => limits is { WrongTokensPerMinute: > 0, FailedAuthenticationsPerMinute: > 0 },
                "RateLimits:WrongTokensPerMinute and RateLimits:FailedAuthenticationsPerMinute must be 1 or more.")
            .ValidateOnStart();
        builder.Services.AddSingleton<FailedAuthentications>();
        builder.Services.AddRateLimiter(options => options.OnRejected = async (rejected, cancellationToken) =>
        {
            var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
            await FailedAuthentications.Refusal(rejected.HttpContext, wait).ExecuteAsync(rejected.HttpContext);
        });
        return builder;
    }

    /// <summary><c>RateLimits:SignInsPerMinute</c>, the former name of <c>FailedAuthenticationsPerMinute</c>, still counts when the new name is not set.</summary>
    private static void ReadFormerNames(RateLimitOptions limits, IConfiguration configuration)
    {
        var section = configuration.GetSection(RateLimitOptions.Section);
        if (section[nameof(RateLimitOptions.FailedAuthenticationsPerMinute)] is null
            && int.TryParse(section["SignInsPerMinute"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var former))
        {
            limits.FailedAuthenticationsPerMinute = former;
        }
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
