using System.Net;
using System.Text;
using System.Text.Json;
using CtiPush.Tests.Infrastructure;

namespace CtiPush.Tests.Service;

/// <summary>
/// The shape of an admin request — required fields, lengths, ranges, the allowed words, no control characters — is
/// checked from the annotations on its request type by the framework's validation, before any handler runs: a 400
/// validation problem that names each wrong field as the JSON names it. These rules are enforced nowhere else, and the
/// framework knows a request type only when the Web SDK's validation source generator found it: a type it missed fails here.
/// </summary>
public sealed class RequestShapeTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static string Json(object body) => JsonSerializer.Serialize(body);

    /// <summary>method, path, JSON body, the one field named, a part of its message.</summary>
    public static TheoryData<string, string, string?, string, string> Refused() => new()
    {
        { "POST", "/api/v1/contacts", Json(new { name = "A", organisation = "x\u0001y" }), "organisation", "control characters" },
        { "POST", "/api/v1/contacts", Json(new { name = "A", numbers = Enumerable.Repeat(new { number = "030 1234567" }, 21) }), "numbers", "at most 20" },
        { "POST", "/api/v1/contacts", Json(new { name = "A", numbers = new[] { new { number = "030 1234567", label = "pager" } } }), "numbers[0].label", "phone, mobile, fax or other" },
        { "GET", "/api/v1/contacts?offset=-1", null, "offset", "0 or more" },
        { "GET", "/api/v1/contacts?q=a%00b", null, "q", "control characters" },
        { "GET", "/api/v1/calls?state=ringing", null, "state", "newCall, answer or hangup" },
        { "GET", "/api/v1/calls?callId=" + new string('x', 251), null, "callId", "at most 250" },
        { "PATCH", "/api/v1/calls/1", "{}", "done", "required" },
        { "POST", "/api/v1/calls/done", "{}", "ids", "1 to 1000" },
        { "POST", "/api/v1/calls/done", Json(new { ids = Enumerable.Range(1, 1001) }), "ids", "1 to 1000" },
        { "POST", "/api/v1/rules/blocked", Json(new { number = "491715000000", note = new string('n', 501) }), "note", "at most 500" },
        { "POST", "/api/v1/rules/routes", Json(new { destination = "41*", callerId = "411", note = "a\u0000b" }), "note", "control characters" },
        { "POST", "/api/v1/rules/evaluate", Json(new { from = "4930111" }), "direction", "required" },
        { "POST", "/api/v1/rules/evaluate", Json(new { direction = "sideways" }), "direction", "in or out" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_request_out_of_shape_is_refused_before_its_handler_naming_the_field_as_json_does(
        string method, string path, string? body, string field, string message)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
        };
        using var response = await app.CreateAdminClient().SendAsync(request);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.1", problem.GetProperty("type").GetString());
        var errors = problem.GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(error => error.Name));
        Assert.Contains(message, errors.GetProperty(field)[0].GetString());
    }
}
