using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace CtiPush.Infrastructure;

public static class Health
{
    /// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: and its database does.</summary>
    public static IEndpointRouteBuilder MapCtiPushHealth(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("/health").WithTags("Health");
        health.MapHealthChecks("/live", new HealthCheckOptions { Predicate = _ => false });
        health.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        return app;
    }

    /// <summary>
    /// <c>dotnet CtiPush.Api.dll health [url]</c>: 0 when the service answers ready, 1 otherwise — the container's
    /// HEALTHCHECK, as the runtime image has no curl.
    /// </summary>
    public static async Task<int> ProbeAsync(string url)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(url);
            Console.WriteLine($"{url}: {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception unreachable) when (unreachable is HttpRequestException or TaskCanceledException)
        {
            Console.WriteLine($"{url}: {unreachable.Message}");
            return 1;
        }
    }
}
