using System.Globalization;
using System.Threading.RateLimiting;
using CtiPush.Push;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CtiPush.Infrastructure;

/// <summary>Section <c>RateLimits</c>: how many guesses one client address gets per minute.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Posts to the push endpoint with a wrong token. A right token is never limited: PBXs are not slowed.</summary>
    public int WrongTokensPerMinute { get; set; } = 10;

    /// <summary>Sign-in attempts at the page, right or wrong.</summary>
    public int SignInsPerMinute { get; set; } = 10;
}

/// <summary>The framework's rate limiter against guessing secrets: per client address, 429 with Retry-After.</summary>
public static class RateLimits
{
    public const string PushPolicy = "push";
    public const string SignInPolicy = "sign-in";

    public static IHostApplicationBuilder AddCtiPushRateLimits(this IHostApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        builder.Services.AddRateLimiter(options =>
        {
            // The token is checked in the partitioner, so only wrong ones count; a right one costs a look-up, no wait.
            options.AddPolicy(PushPolicy, context =>
                context.RequestServices.GetRequiredService<PbxTokens>().SourceOf(context.GetRouteValue("token") as string) is not null
                    ? RateLimitPartition.GetNoLimiter("pbx")
                    : PerAddress(context, "wrong-token", limits.WrongTokensPerMinute));
            options.AddPolicy(SignInPolicy, context => PerAddress(context, "sign-in", limits.SignInsPerMinute));
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
                var response = rejected.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                var detail = $"Too many failed attempts from this address; try again in {retryAfter} s.";
                await rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = rejected.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = detail,
                        Extensions = { ["error"] = detail },
                    },
                });
            };
        });
        return builder;
    }

    private static RateLimitPartition<string> PerAddress(HttpContext context, string what, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter($"{what}:{context.Connection.RemoteIpAddress}", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
}
