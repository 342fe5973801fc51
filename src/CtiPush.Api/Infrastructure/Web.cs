namespace CtiPush.Infrastructure;

/// <summary>The HTTP pipeline every route shares: limits, problem details, auth, rate limits, the page's files.</summary>
public static class Web
{
    /// <summary>Admin JSON is small; the push endpoint (64 KiB) and the phonebook import (20 MiB) set their own limits.</summary>
    public const long DefaultMaxBodyBytes = 1024 * 1024;

    public static IHostApplicationBuilder AddCtiPushWeb(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = DefaultMaxBodyBytes);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<DatabaseUnavailableHandler>();
        builder.Services.AddSingleton(TimeProvider.System);
        // A request the framework cannot bind answers a problem body, not an exception.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = false);
        return builder;
    }

    public static WebApplication UseCtiPushWeb(this WebApplication app)
    {
        app.UseCtiPushProxies();
        app.UseCtiPushRequestLogging();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // A body the framework cannot bind (an admin API call without JSON, say) is the client's error, in every environment.
            StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.UseCtiPushOpenApi();
        app.UseUtf8JsonOnly();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseSecurityHeaders();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        return app;
    }
}
