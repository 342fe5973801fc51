using CtiPush.Admin;
using CtiPush.CallLog;
using CtiPush.Data;
using CtiPush.Infrastructure;
using CtiPush.Numbers;
using CtiPush.Phonebook;
using CtiPush.Push;
using CtiPush.Rules;
using Microsoft.Extensions.Options;

// Commands for containers and deployments: migrate as a step of its own; a health probe without curl in the image.
switch (args)
{
    case ["migrate", .. var rest]:
        return await DatabaseMigrator.RunCommandAsync(rest);
    case ["health", .. var url]:
        return await Health.ProbeAsync(url is [var given] ? given : "http://127.0.0.1:8080/health/ready");
}

var builder = WebApplication.CreateBuilder(args);

builder.AddCtiPushLogging();
builder.AddCtiPushDatabase();
builder.AddPhoneNumbers();
builder.AddAdminAuthentication();
builder.AddCallLog();
builder.AddPush();
builder.AddRules();
builder.AddPhonebook();
builder.AddCtiPushOpenApi();
builder.AddCtiPushProxies();
builder.AddCtiPushRateLimits();
builder.AddCtiPushMetrics();
// Every body has a limit: admin JSON is small; the push endpoint (64 KiB) and the phonebook import (20 MiB) set their own.
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 1024 * 1024);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<DatabaseUnavailableHandler>();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = false);

var app = builder.Build();

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

app.MapPushApi();
app.MapSessionApi();
app.MapCallsApi();
app.MapRulesApi();
app.MapContactsApi();
app.MapCtiPushHealth();
app.MapCtiPushMetrics();

try
{
    await app.RunAsync();
    return 0;
}
catch (Exception refused) when (refused is OptionsValidationException or DatabaseUnreachableException)
{
    // What must be fixed before the service can run: said first and in one line.
    var reason = refused is OptionsValidationException invalid ? string.Join(" ", invalid.Failures) : refused.Message;
    Console.Error.WriteLine($"CtiPush cannot start: {reason}");
    throw;
}

public partial class Program;
