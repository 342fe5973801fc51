using System.Text.Json;
using Microsoft.Extensions.Options;

namespace CtiPush.Infrastructure;

/// <summary>The HTTP pipeline every route shares: limits, problem details, validation, auth, rate limits, the page's files.</summary>
public static class Web
{
    /// <summary>Admin JSON is small; the push endpoint (64 KiB) and the phonebook import (20 MiB) set their own limits.</summary>
    public const long DefaultMaxBodyBytes = 1024 * 1024;

    public static IHostApplicationBuilder AddCtiPushWeb(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = DefaultMaxBodyBytes);
        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails += NameFieldsAsInJson);
        // The data annotations of every request an endpoint takes (the Web SDK's source generator finds them) are
        // checked before its handler runs; what fails is a 400 validation problem naming each field.
        builder.Services.AddValidation();
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
        app.UseSecurityHeaders();
        app.UseCtiPushOpenApi();
        app.UseUtf8JsonOnly();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        return app;
    }

    /// <summary>
    /// The framework's validation names a field by its C# path (<c>Numbers[1].Label</c>); a client knows it by its JSON
    /// name (<c>numbers[1].label</c>), as the rest of the API writes it. A name that is one already stays as it is.
    /// </summary>
    private static void NameFieldsAsInJson(ProblemDetailsContext context)
    {
        if (context.ProblemDetails is not HttpValidationProblemDetails { Errors.Count: > 0 } validation
            || context.HttpContext.RequestServices.GetService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>()?.Value
                .SerializerOptions.PropertyNamingPolicy is not { } naming)
        {
            return;
        }
        var errors = new Dictionary<string, string[]>(validation.Errors.Count);
        foreach (var (field, messages) in validation.Errors)
        {
            var name = JsonPath(field, naming);
            errors[name] = errors.TryGetValue(name, out var earlier) ? [.. earlier, .. messages] : messages;
        }
        validation.Errors = errors;
    }

    /// <summary><c>Numbers[1].Label</c> as <c>numbers[1].label</c>: each step's name in JSON's naming, its index as it is.</summary>
    private static string JsonPath(string path, JsonNamingPolicy naming) => string.Join('.', path.Split('.').Select(step =>
    {
        var index = step.IndexOf('[', StringComparison.Ordinal);
        var name = index < 0 ? step : step[..index];
        return (name.Length == 0 ? name : naming.ConvertName(name)) + (index < 0 ? "" : step[index..]);
    }));
}
