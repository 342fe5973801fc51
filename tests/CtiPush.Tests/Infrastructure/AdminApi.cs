using System.Net.Http.Json;
using System.Text.Json;

namespace CtiPush.Tests.Infrastructure;

/// <summary>
/// The admin API as an admin uses it with curl: JSON in, JSON out, every failure shown with its body. An expected
/// 4xx must come as a problem body (RFC 9457) with that status and a title, which is returned.
/// </summary>
public sealed class AdminApi(HttpClient client)
{
    public async Task<JsonElement> Send(HttpMethod method, string path, object? body = null, int expected = 200)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        return await Send(request, expected);
    }

    /// <summary>Sends a raw JSON body (or none), for bodies an object cannot give: malformed, null, of the wrong shape.</summary>
    public async Task<JsonElement> SendJson(HttpMethod method, string path, string json, int expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        return await Send(request, expected);
    }

    private async Task<JsonElement> Send(HttpRequestMessage request, int expected)
    {
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (expected >= 400)
        {
            return Problems.Check(response, text, expected);
        }
        Assert.True((int)response.StatusCode == expected, $"{request.Method} {request.RequestUri}: expected {expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public Task<JsonElement> Post(string path, object body, int expected = 201) => Send(HttpMethod.Post, path, body, expected);

    public Task<JsonElement> Put(string path, object body, int expected = 200) => Send(HttpMethod.Put, path, body, expected);

    public Task<JsonElement> Get(string path, int expected = 200) => Send(HttpMethod.Get, path, null, expected);

    public Task<JsonElement> Delete(string path, int expected = 204) => Send(HttpMethod.Delete, path, null, expected);

    /// <summary>The row id the calls API gives the call the PBX named <paramref name="callId"/> (of PBX main).</summary>
    public async Task<long> CallRowId(string callId) =>
        (await Get($"/api/v1/calls?callId={Uri.EscapeDataString(callId)}&source=main")).GetProperty("items").EnumerateArray().Single().Id();

    public Task<JsonElement> Block(string number, string? reason = null, string? source = null, bool enabled = true) =>
        Post("/api/v1/rules/blocked", new { number, reason, source, enabled });

    public Task<JsonElement> Route(string destination, string callerId, int? position = null, string? source = null, bool enabled = true) =>
        Post("/api/v1/rules/routes", new { destination, callerId, position, source, enabled });

    public Task<JsonElement> SetDefaultCallerId(string? callerId) => Put("/api/v1/rules/default-caller-id", new { callerId });

    /// <summary>Removes every rule, so each test starts from none.</summary>
    public async Task ClearRules()
    {
        foreach (var entry in (await Get("/api/v1/rules/blocked")).EnumerateArray())
        {
            await Delete($"/api/v1/rules/blocked/{entry.Id()}");
        }
        foreach (var route in (await Get("/api/v1/rules/routes")).EnumerateArray())
        {
            await Delete($"/api/v1/rules/routes/{route.Id()}");
        }
        await SetDefaultCallerId(null);
    }
}
