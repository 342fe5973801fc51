using System.Net.Http.Json;
using System.Text.Json;

namespace CtiPush.Tests.Infrastructure;

/// <summary>The admin API as an admin uses it with curl: JSON in, JSON out, every failure shown with its body.</summary>
public sealed class AdminApi(HttpClient client)
{
    public async Task<JsonElement> Send(HttpMethod method, string path, object? body = null, int expected = 200)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expected, $"{method} {path}: expected {expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public Task<JsonElement> Post(string path, object body, int expected = 201) => Send(HttpMethod.Post, path, body, expected);

    public Task<JsonElement> Put(string path, object body, int expected = 200) => Send(HttpMethod.Put, path, body, expected);

    public Task<JsonElement> Get(string path, int expected = 200) => Send(HttpMethod.Get, path, null, expected);

    public Task<JsonElement> Delete(string path, int expected = 204) => Send(HttpMethod.Delete, path, null, expected);

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
            await Delete($"/api/v1/rules/blocked/{entry.GetProperty("id").GetInt64()}");
        }
        foreach (var route in (await Get("/api/v1/rules/routes")).EnumerateArray())
        {
            await Delete($"/api/v1/rules/routes/{route.GetProperty("id").GetInt64()}");
        }
        await SetDefaultCallerId(null);
    }
}
