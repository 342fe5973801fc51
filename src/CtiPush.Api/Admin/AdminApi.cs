namespace CtiPush.Admin;

/// <summary>
/// The admin: the key (<c>Admin:ApiKey</c>) every admin route asks for, as a bearer token or as the session cookie
/// the page gets by signing in with it.
/// </summary>
public static class AdminApi
{
    public static IHostApplicationBuilder AddAdmin(this IHostApplicationBuilder builder)
    {
        AdminAuthentication.Add(builder.Services);
        SessionApi.AddRateLimit(builder.Services);
        return builder;
    }

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        SessionApi.Map(app.MapGroup("/api/v1/session").WithTags("Session"));
        return app;
    }
}
