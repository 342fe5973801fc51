using CtiPush.Data;
using CtiPush.Infrastructure;
using CtiPush.Push;

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

app.Run();

public partial class Program;
