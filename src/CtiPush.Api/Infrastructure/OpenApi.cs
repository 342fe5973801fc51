using Microsoft.OpenApi;

namespace CtiPush.Infrastructure;

/// <summary>
/// Swagger UI at <c>/swagger</c>; features add their examples and security schemes with <c>ConfigureSwaggerGen</c>.
/// Served in Development, and elsewhere only when <c>OpenApi:Enabled</c> is true: a production service need not
/// describe its routes to whoever asks.
/// </summary>
public static class OpenApi
{
    public const string EnabledSetting = "OpenApi:Enabled";

    public static IHostApplicationBuilder AddCtiPushOpenApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "CtiPush",
                Version = "v1",
                Description = "Receives the generic CTI push events of a PBX (newCall, answer, hangup), keeps the caller log and answers newCall.",
            });
        });
        return builder;
    }

    /// <summary>Whether <c>/swagger</c> is served: <c>OpenApi:Enabled</c>, by default only in Development.</summary>
    public static bool IsEnabled(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue<bool?>(EnabledSetting) ?? environment.IsDevelopment();

    public static WebApplication UseCtiPushOpenApi(this WebApplication app)
    {
        if (IsEnabled(app.Configuration, app.Environment))
        {
            app.UseSwagger();
            app.UseSwaggerUI(options => options.DocumentTitle = "CtiPush API");
        }
        return app;
    }
}
