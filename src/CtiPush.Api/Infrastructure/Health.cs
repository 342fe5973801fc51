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
}
