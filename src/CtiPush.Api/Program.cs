using CtiPush.Callbacks;
using CtiPush.CallLog;
using CtiPush.Data;
using CtiPush.Hosting;
using CtiPush.Infrastructure;
using CtiPush.Numbers;
using CtiPush.People;
using CtiPush.Phonebook;
using CtiPush.Privacy;
using CtiPush.Push;
using CtiPush.Rules;
using CtiPush.ScreenPop;
using CtiPush.Statistics;

if (await Commands.RunAsync(args) is { } exitCode)
{
    return exitCode;
}

var builder = WebApplication.CreateBuilder(ServiceHost.Options(args));

// Shared layers first (AddCtiPush<Layer>), then the features (Add<Feature>, Map<Feature>Api); each feature registers
// its own options, services, jobs and policies, and maps its routes in one group behind its policy.
builder.AddCtiPushLogging();
builder.AddCtiPushWeb();
builder.AddCtiPushDatabase();
builder.AddCtiPushOpenApi();
builder.AddCtiPushProxies();
builder.AddCtiPushRateLimits();
builder.AddCtiPushMetrics();
builder.AddCtiPushNumbers();

builder.AddPeople();
builder.AddPush();
builder.AddCallLog();
builder.AddRules();
builder.AddPhonebook();
builder.AddCallbacks();
builder.AddStatistics();
builder.AddPrivacy(); // last: its own store (the audit list) runs after every feature's

var app = builder.Build();

app.UseCtiPushWeb();

app.MapPushApi();
app.MapPeopleApi();
app.MapCallLogApi();
app.MapRulesApi();
app.MapPhonebookApi();
app.MapCallbacksApi();
app.MapScreenPopApi();
app.MapStatisticsApi();
app.MapPrivacyApi();
app.MapCtiPushHealth();
app.MapCtiPushMetrics();

return await ServiceHost.RunAsync(app);

public partial class Program;
