
namespace CtiPush.Tests.Infrastructure;

/// <summary>Posts events as a PBX does: form-encoded, to the push URL with its token.</summary>
public sealed class Pbx(HttpClient client, string token = CtiPushApp.Token)
{
    public Task<HttpResponseMessage> Post(string formBody, string? asToken = null) =>
        client.PostAsync($"/api/v1/cti/{asToken ?? token}", Form.UrlEncoded(formBody));

    public Task<HttpResponseMessage> Post(HttpContent content) => client.PostAsync($"/api/v1/cti/{token}", content);

    /// <summary>Posts <paramref name="formBody"/> with <paramref name="signature"/> (see <see cref="Hmac"/>) in <paramref name="header"/>; none if null.</summary>
    public Task<HttpResponseMessage> PostSigned(string formBody, string? signature, string header = "X-Signature")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cti/{token}") { Content = Form.UrlEncoded(formBody) };
        if (signature is not null)
        {
            request.Headers.Add(header, signature);
        }
        return client.SendAsync(request);
    }

    public Task<HttpResponseMessage> NewCall(string callId, string direction = "in", string from = "493055571600",
        string to = "491711234567890", string extra = "") =>
        Post(NewCallBody(callId, direction, from, to, extra));

    public static string NewCallBody(string callId, string direction = "in", string from = "493055571600", string to = "491711234567890", string extra = "") =>
        $"event=newCall&callId={callId}&direction={direction}&from={from}&to={to}{extra}";

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

    public static string NewCallId() => "c-" + Guid.NewGuid().ToString("N");

    /// <summary>A Berlin caller of a test's own, so callbacks and contacts of other tests on a shared database stay apart.</summary>
    public static string NewCallerNumber() => "4930" + Random.Shared.NextInt64(10_000_000, 99_999_999);
}
