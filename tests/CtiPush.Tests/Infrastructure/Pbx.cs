using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CtiPush.Tests.Infrastructure;

/// <summary>Posts events as a PBX does: form-encoded, to the push URL with its token.</summary>
public sealed class Pbx(HttpClient client, string token = CtiPushApp.Token)
{
    public Task<HttpResponseMessage> Post(string formBody, string? asToken = null) =>
        client.PostAsync($"/api/v1/cti/{asToken ?? token}",
            new StringContent(formBody, Encoding.UTF8, "application/x-www-form-urlencoded"));

    public Task<HttpResponseMessage> Post(HttpContent content) => client.PostAsync($"/api/v1/cti/{token}", content);

    public Task<HttpResponseMessage> NewCall(string callId, string direction = "in", string from = "493055571600",
        string to = "491711234567890", string extra = "") =>
        Post($"event=newCall&callId={callId}&direction={direction}&from={from}&to={to}{extra}");

    public Task<HttpResponseMessage> Answer(string callId, string? user = null, string extra = "") =>
        Post($"event=answer&callId={callId}{(user is null ? "" : "&user=" + Uri.EscapeDataString(user))}{extra}");

    public Task<HttpResponseMessage> Hangup(string callId, string cause = "normalClearing", string extra = "") =>
        Post($"event=hangup&callId={callId}&cause={cause}{extra}");

    public static async Task<string> Ok(Task<HttpResponseMessage> posting)
    {
        using var response = await posting;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return body;
    }

    public static async Task<JsonElement> Problem(Task<HttpResponseMessage> posting, int status)
    {
        using var response = await posting;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>())!;
    }

    public static string NewCallId() => "c-" + Guid.NewGuid().ToString("N");
}
