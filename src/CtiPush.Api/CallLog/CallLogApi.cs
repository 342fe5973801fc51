using CtiPush.Admin;
using CtiPush.Data;

namespace CtiPush.CallLog;

/// <summary>
/// The caller log: the writer that stores every PBX event, the jobs that keep the log tidy, and the API for people —
/// list, details, done, export, statistics and a live stream — behind the admin key.
/// </summary>
public static class CallLogApi
{
    public static IHostApplicationBuilder AddCallLog(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CallRecorder>();
        builder.Services.AddHostedService(services => services.GetRequiredService<CallRecorder>());
        builder.Services.AddSingleton<CallChangeFeed>();
        ClusterSignals.AddChannel(builder.Services, CallChangeFeed.Channel);
        builder.Services.AddOptions<CallLogOptions>().BindConfiguration(CallLogOptions.Section);
        builder.Services.AddSingleton<RetentionService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RetentionService>());
        builder.Services.AddSingleton<StaleCallService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<StaleCallService>());
        builder.Services.AddHostedService<RingingCallsGauge>();
        return builder;
    }

    public static IEndpointRouteBuilder MapCallLogApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1").RequireAdmin();

        var calls = admin.MapGroup("/calls").WithTags("Calls");
        CallListApi.Map(calls);
        CallDoneApi.Map(calls);
        CallExportApi.Map(calls);
        CallStreamApi.Map(calls);
        CallStatisticsApi.Map(admin);
        return app;
    }
}
