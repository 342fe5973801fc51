using System.Collections.Concurrent;
using System.Diagnostics;

namespace CtiPush.Tests.Infrastructure;

/// <summary>
/// PBXs under load: several workers, each posting whole calls (newCall, answer, hangup) with callIds of their
/// own, one event at a time and never retried, recording what each post got. Status 0 is "no response".
/// </summary>
public sealed class PbxLoad(HttpClient client, int workers, string token = CtiPushApp.Token)
{
    private static readonly string[] Events = ["newCall", "answer", "hangup"];

    public string RunId { get; } = Guid.NewGuid().ToString("N")[..8];

    /// <summary>Every event that got a 200: it must be stored.</summary>
    public ConcurrentBag<(string CallId, string Event)> Acknowledged { get; } = [];

    /// <summary>Every post: when it was sent (a <see cref="Stopwatch"/> timestamp), the status it got, and how long the answer took.</summary>
    public ConcurrentBag<(long SentAt, int Status, TimeSpan Took)> Posts { get; } = [];

    /// <summary>Status code → how many posts got it.</summary>
    public ConcurrentDictionary<int, int> Statuses { get; } = new();

    /// <summary>How long the slowest refusal (any status but 200) took.</summary>
    public TimeSpan SlowestRefusal { get; private set; }

    /// <summary>Counts 200s as they come, for a test that waits for the load to get going.</summary>
    public int AcknowledgedCount => Acknowledged.Count;

    public Task RunAsync(CancellationToken stop) => Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(() => Worker(worker, stop))));

    private async Task Worker(int worker, CancellationToken stop)
    {
        for (var call = 0; !stop.IsCancellationRequested; call++)
        {
            var callId = $"{RunId}-{worker}-{call}";
            foreach (var type in Events)
            {
                if (stop.IsCancellationRequested)
                {
                    return;
                }
                var body = type switch
                {
                    "newCall" => $"event=newCall&callId={callId}&direction=in&from=4930{worker:D3}{call:D5}&to=4930555000&user[]=agent-{worker}",
                    "answer" => $"event=answer&callId={callId}&user=agent-{worker}",
                    _ => $"event=hangup&callId={callId}&cause=normalClearing",
                };
                var sentAt = Stopwatch.GetTimestamp();
                int status;
                try
                {
                    using var response = await client.PostAsync($"/api/v1/cti/{token}", Form.UrlEncoded(body), CancellationToken.None);
                    await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
                    status = (int)response.StatusCode;
                }
                catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
                {
                    status = 0;
                }
                Posts.Add((sentAt, status, Stopwatch.GetElapsedTime(sentAt)));
                Statuses.AddOrUpdate(status, 1, (_, count) => count + 1);
                if (status == 200)
                {
                    Acknowledged.Add((callId, type));
                }
                else
                {
                    lock (this)
                    {
                        var took = Stopwatch.GetElapsedTime(sentAt);
                        SlowestRefusal = took > SlowestRefusal ? took : SlowestRefusal;
                    }
                    await Task.Delay(20, CancellationToken.None); // as a PBX would not hammer a service that refused
                    break; // the call is abandoned, as a PBX that does not retry abandons it
                }
            }
        }
    }

    public string Summary() => string.Join(", ", Statuses.OrderBy(s => s.Key).Select(s => $"{(s.Key == 0 ? "no response" : s.Key.ToString())}: {s.Value}"));
}
