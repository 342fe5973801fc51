using System.Collections.Concurrent;
using System.Text.Json;

namespace CtiPush.Tests.Infrastructure;

/// <summary>
/// A server-sent events stream read as a browser's EventSource reads it: every event (type, id, data) collected in the
/// background from the moment it opens, so a test asks what has arrived, or waits for an event, without racing the reader.
/// </summary>
public sealed class EventStream : IAsyncDisposable
{
    private readonly CancellationTokenSource reading = new();
    private readonly ConcurrentQueue<(string Type, string? Id, JsonElement Data)> events = new();
    private HttpResponseMessage? response;
    private Task? reader;

    public static async Task<EventStream> OpenAsync(HttpClient client, string path)
    {
        var stream = new EventStream();
        stream.response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, stream.reading.Token);
        Assert.True(stream.response.IsSuccessStatusCode, $"GET {path}: {(int)stream.response.StatusCode}");
        Assert.Equal("text/event-stream", stream.response.Content.Headers.ContentType?.MediaType);
        var lines = new StreamReader(await stream.response.Content.ReadAsStreamAsync(stream.reading.Token));
        stream.reader = Task.Run(() => stream.ReadAsync(lines));
        await stream.Next("ready", _ => true);
        return stream;
    }

    /// <summary>The events of <paramref name="type"/> that have arrived, in order.</summary>
    public IReadOnlyList<JsonElement> Of(string type) => [.. events.Where(e => e.Type == type).Select(e => e.Data)];

    /// <summary>Waits for the first event of <paramref name="type"/> that <paramref name="matches"/>, and answers its data.</summary>
    public async Task<JsonElement> Next(string type, Func<JsonElement, bool> matches, string? what = null)
    {
        JsonElement found = default;
        await Eventually.Until(() =>
        {
            var hit = events.Where(e => e.Type == type && matches(e.Data)).Select(e => (JsonElement?)e.Data).FirstOrDefault();
            found = hit ?? default;
            return hit is not null;
        }, what ?? $"a {type} event");
        return found;
    }

    private async Task ReadAsync(StreamReader lines)
    {
        string type = "message", data = "";
        string? id = null;
        try
        {
            while (await lines.ReadLineAsync(reading.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Length > 0)
                    {
                        events.Enqueue((type, id, JsonDocument.Parse(data).RootElement.Clone()));
                    }
                    (type, data, id) = ("message", "", null);
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    type = line["event: ".Length..];
                }
                else if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    id = line["id: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data += line["data: ".Length..];
                }
            }
        }
        catch (Exception ended) when (ended is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // the test is done with the stream
        }
    }

    public async ValueTask DisposeAsync()
    {
        await reading.CancelAsync();
        if (reader is not null)
        {
            await reader;
        }
        response?.Dispose();
        reading.Dispose();
    }
}
