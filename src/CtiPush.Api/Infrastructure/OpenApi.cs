using Microsoft.OpenApi;

namespace CtiPush.Infrastructure;

/// <summary>Swagger UI at <c>/swagger</c>; features add their examples and security schemes with <c>ConfigureSwaggerGen</c>.</summary>
public static class OpenApi
{
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

    public static WebApplication UseCtiPushOpenApi(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(options => options.DocumentTitle = "CtiPush API");
        return app;
    }
}
