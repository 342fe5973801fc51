using CtiPush.Data;
using CtiPush.Infrastructure;
using CtiPush.Push;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);

builder.AddCtiPushLogging();
builder.AddCtiPushDatabase();
builder.AddPush();
builder.AddCtiPushOpenApi();
builder.Services.AddProblemDetails();

var app = builder.Build();

app.UseCtiPushRequestLogging();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseCtiPushOpenApi();

app.MapPushApi();
app.MapCtiPushHealth();

try
{
    app.Run();
}
catch (OptionsValidationException invalid)
{
    // A setting that must be fixed before the service can run: say which, first and in one line.
    Console.Error.WriteLine($"CtiPush cannot start: {string.Join(" ", invalid.Failures)}");
    throw;
}

public partial class Program;
