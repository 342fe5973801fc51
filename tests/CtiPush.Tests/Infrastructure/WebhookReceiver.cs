using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CtiPush.Tests.Infrastructure;

/// <summary>
/// A webhook receiver on loopback, as a customer runs one: a real Kestrel server that keeps every request it got and
/// answers as the test says (<see cref="Answer"/>: 200 by default).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    /// <summary>One request as it came: the Standard Webhooks headers, the body, and the status answered (0: the sender hung up first).</summary>
    public sealed record Request(string? Id, string? Timestamp, string? Signature, string? ContentType, string Body, int Status)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;

        /// <summary>The event type of a JSON notification.</summary>
        public string? Type => Json.TryGetProperty("type", out var type) ? type.GetString() : null;
    }

    private readonly WebApplication app;
    private readonly ConcurrentQueue<Request> requests = new();
    private int count;

    private WebhookReceiver(WebApplication app) => this.app = app;

    /// <summary>
    /// How to answer the n-th request (from 1): write status and body to the response. Default: 200 "ok".
    /// </summary>
    public Func<HttpContext, int, Task> Answer { get; set; } = (context, _) => context.Response.WriteAsync("ok");

    /// <summary>An <see cref="Answer"/> that sends the request's body back, as a receiver that echoes what it got.</summary>
    public static Task Echo(HttpContext context, int n) => context.Response.WriteAsync((string)context.Items[BodyKey]!);

    private const string BodyKey = "webhook-body";

    public IReadOnlyList<Request> Requests => [.. requests];

    /// <summary>The requests answered with a 2xx: what the receiver took.</summary>
    public IReadOnlyList<Request> Accepted => [.. requests.Where(r => r.Status is >= 200 and < 300)];

    public string Url { get; private set; } = "";

    public static async Task<WebhookReceiver> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/hooks/ctipush";
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var n = Interlocked.Increment(ref count);
        context.Items[BodyKey] = body;
        try
        {
            await Answer(context, n);
        }
        finally
        {
            // A sender that cut the answer off took nothing, though a begun answer already says 200.
            var status = context.RequestAborted.IsCancellationRequested ? 0 : context.Response.StatusCode;
            requests.Enqueue(new Request(context.Request.Headers["webhook-id"], context.Request.Headers["webhook-timestamp"],
                context.Request.Headers["webhook-signature"], context.Request.ContentType, body, status));
        }
    }

    /// <summary>
    /// Verifies a request as the Standard Webhooks specification tells a receiver to, written here from the
    /// specification and not from the service's code: HMAC-SHA256 over <c>id.timestamp.body</c>, keyed with the
    /// base64-decoded secret after <c>whsec_</c>, compared in constant time with each <c>v1,</c> signature.
    /// </summary>
    public static bool Verifies(Request request, string secret)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{request.Id}.{request.Timestamp}.{request.Body}"));
        return (request.Signature ?? "").Split(' ').Any(signature => signature.StartsWith("v1,", StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(expected, Convert.FromBase64String(signature[3..])));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
