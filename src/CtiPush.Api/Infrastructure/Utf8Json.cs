using Microsoft.Net.Http.Headers;

namespace CtiPush.Infrastructure;

public static class Utf8Json
{
    /// <summary>
    /// JSON bodies are UTF-8 (RFC 8259). A request that declares another charset gets 415 up front, instead of
    /// failing deep in the framework's JSON reader.
    /// </summary>
    public static WebApplication UseUtf8JsonOnly(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
                && type.MediaType.Value?.EndsWith("json", StringComparison.OrdinalIgnoreCase) == true
                && HeaderUtilities.RemoveQuotes(type.Charset).Value is { Length: > 0 } charset
                && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
            {
                await TypedResults.Problem(
                    statusCode: StatusCodes.Status415UnsupportedMediaType,
                    title: "Unsupported charset",
                    detail: $"JSON must be sent as UTF-8, not {charset}.").ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        return app;
    }
}
