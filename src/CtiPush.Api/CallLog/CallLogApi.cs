using CtiPush.People;
using Microsoft.Extensions.Options;
using CtiPush.Data;
using CtiPush.Privacy;

namespace CtiPush.CallLog;

/// <summary>
/// The caller log: the writer that stores every PBX event, the jobs that keep the log tidy, and the API for people —
/// list, details, done, export and a live stream — read by everyone signed in, marked done by agents.
/// </summary>
public static class CallLogApi
{
    public static IHostApplicationBuilder AddCallLog(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CallObservers>();
        builder.Services.AddSingleton<WriterMetrics>();
        builder.Services.AddSingleton<CallRecorder>();
        builder.Services.AddHostedService(services => services.GetRequiredService<CallRecorder>());
        builder.Services.AddSingleton<CallChangeFeed>();
        ClusterSignals.AddChannel(builder.Services, CallChangeFeed.Channel);
        builder.Services.AddOptions<CallLogOptions>().BindConfiguration(CallLogOptions.Section);
        builder.Services.AddSingleton<RetentionService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RetentionService>());
        builder.Services.AddSingleton<AnonymiseService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AnonymiseService>());
        builder.Services.AddScoped<IPersonalData, CallPersonalData>();
        builder.Services.AddSingleton<StaleCallService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<StaleCallService>());
        builder.Services.AddHostedService<RingingCallsGauge>();
        return builder;
    }

    public static IEndpointRouteBuilder MapCallLogApi(this IEndpointRouteBuilder app)
    {
        // Everyone signed in reads the log; marking done is an agent's work.
        var read = app.MapGroup("/api/v1").RequireRole(Roles.Viewer);
        var calls = read.MapGroup("/calls").WithTags("Calls");
        CallListApi.Map(calls);
        CallExportApi.Map(calls);
        CallStreamApi.Map(calls);
        calls.MapGet("/keeping", (IOptions<CallLogOptions> options) => TypedResults.Ok(new CallKeeping(options.Value.RetentionDays, options.Value.AnonymiseAfterDays)))
            .WithName("CallKeeping").WithSummary("How long calls are kept whole (anonymiseAfterDays) and at all (retentionDays); 0 is for ever");
        CallDoneApi.Map(app.MapGroup("/api/v1/calls").WithTags("Calls").RequireRole(Roles.Agent));
        return app;
    }
}
