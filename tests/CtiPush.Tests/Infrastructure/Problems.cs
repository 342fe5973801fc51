using System.Text.Json;

namespace CtiPush.Tests.Infrastructure;

/// <summary>What a refused request gets: a problem body (RFC 9457) with its status, and what is wrong.</summary>
public static class Problems
{
    /// <summary>The problem body of <paramref name="sending"/>'s answer, after checking its status, content type and <c>status</c> member.</summary>
    public static async Task<JsonElement> Expect(Task<HttpResponseMessage> sending, int status)
    {
        using var response = await sending;
        return Check(response, await response.Content.ReadAsStringAsync(), status);
    }

    /// <summary>Checks an answer already read: its status, that it is <c>application/problem+json</c>, and the body's <c>status</c> and <c>title</c>.</summary>
    public static JsonElement Check(HttpResponseMessage response, string body, int status)
    {
        var request = response.RequestMessage is { } sent ? $"{sent.Method} {sent.RequestUri?.PathAndQuery}: " : "";
        Assert.True((int)response.StatusCode == status, $"{request}expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
            $"{request}a {status} should be application/problem+json, not {response.Content.Headers.ContentType}: {body}");
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.True(problem.TryGetProperty("status", out var given) && given.GetInt32() == status, $"{request}the problem's status is not {status}: {body}");
        Assert.True(problem.TryGetProperty("title", out var title) && title.GetString() is { Length: > 0 }, $"{request}the problem has no title: {body}");
        return problem;
    }

    /// <summary>The messages a validation problem has for <paramref name="field"/>, joined; fails naming the fields it has instead.</summary>
    public static string ErrorsOf(this JsonElement problem, string field)
    {
        var messages = default(JsonElement);
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out messages),
            $"the problem names no error for {field}: {problem}");
        return string.Join(" ", messages.EnumerateArray().Select(m => m.GetString()));
    }

    /// <summary>The problem's <c>detail</c>.</summary>
    public static string Detail(this JsonElement problem)
    {
        var detail = problem.TryGetProperty("detail", out var given) ? given.GetString() : null;
        Assert.True(detail is { Length: > 0 }, $"the problem has no detail: {problem}");
        return detail;
    }
}
