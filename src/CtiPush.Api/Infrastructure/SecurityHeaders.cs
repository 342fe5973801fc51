namespace CtiPush.Infrastructure;

public static class SecurityHeaders
{
    /// <summary>
    /// The page, and Swagger UI, run only their own files: no inline script, no other origin, no framing, no type sniffing.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /// <summary>Before anything that answers (Swagger UI, the page's files, the routes), so every answer carries them.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XFrameOptions = "DENY";
            return next(context);
        });
        return app;
    }
}
