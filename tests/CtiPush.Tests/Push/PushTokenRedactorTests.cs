using CtiPush.Push;
using Microsoft.Extensions.Configuration;

namespace CtiPush.Tests.Push;

/// <summary>What the log redaction makes of the texts a log event may carry: paths, request lines, exception messages.</summary>
public sealed class PushTokenRedactorTests
{
    private const string Token = "main-pbx-token-0123456789";
    private const string Spaced = "spaced pbx token 4242424242";

    private static readonly PushTokenRedactor Redactor = new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Cti:Tokens:main"] = Token,
        ["Cti:Tokens:roomy"] = Spaced,
        ["Cti:Tokens:dev"] = "dev-tok", // shorter than 8: masked in paths only
    }).Build());

    [Theory]
    [InlineData("/api/v1/cti/" + Token, "/api/v1/cti/***")]
    [InlineData("/api/v1/cti/someone-else", "/api/v1/cti/***")]
    [InlineData("/api/v1/cti/ someone-else", "/api/v1/cti/ ***")]
    [InlineData("/api/v1/cti%2Fsomeone-else", "/api/v1/cti%2F***")]
    [InlineData("/api%2fv1%2Fcti%2f%2Fsomeone-else", "/api%2fv1%2Fcti%2f%2F***")]
    [InlineData("/api%252Fv1%252Fcti%252Fsomeone-else", "/api%252Fv1%252Fcti%252F***")]
    [InlineData("/api/v1/cti\\someone-else", "/api/v1/cti\\***")]
    [InlineData("/api/v1/./cti/./someone-else", "/api/v1/./cti/./***")]
    [InlineData("/API/V1/CTI/someone-else", "/API/V1/CTI/***")]
    [InlineData("/api/v1/ctix/someone-else", "/api/v1/cti***")]
    [InlineData("/api/v1/cti/some one else", "/api/v1/cti/***")]
    [InlineData("http://host:5080/api/v1/cti/someone-else?x=1", "http://host:5080/api/v1/cti/***")]
    [InlineData("Invalid request line: 'POST /api/v1/cti/someone else HTTP/1.1\\x0D\\x0A'", "Invalid request line: 'POST /api/v1/cti/*** HTTP/1.1\\x0D\\x0A'")]
    [InlineData("Invalid request target: '/api/v1/cti/someone\\x01else'", "Invalid request target: '/api/v1/cti/***'")]
    [InlineData("\"/api/v1/cti/someone-else\" was not found", "\"/api/v1/cti/***\" was not found")]
    [InlineData("POST /api/v1/cti HTTP/1.1", "POST /api/v1/cti HTTP/1.1")]
    [InlineData("/api/v1/cti/", "/api/v1/cti/")]
    [InlineData("/api/v1/calls?limit=1", "/api/v1/calls?limit=1")]
    [InlineData("Data Source=/tmp/ctipush-tests/x.db", "Data Source=/tmp/ctipush-tests/x.db")]
    public void Whatever_follows_the_push_prefix_in_any_spelling_is_masked_up_to_the_end_of_the_path(string text, string redacted) =>
        Assert.Equal(redacted, Redactor.Redact(text));

    [Theory]
    [InlineData("a token " + Token + " in a sentence", "a token *** in a sentence")]
    [InlineData("secret=" + Spaced + ";", "secret=***;")]
    [InlineData("secret=spaced%20pbx%20token%204242424242", "secret=***")]
    [InlineData("secret=spaced+pbx+token+4242424242", "secret=***")]
    [InlineData("dev-tok in a sentence", "dev-tok in a sentence")]
    public void Configured_tokens_are_masked_whole_wherever_they_stand(string text, string redacted) =>
        Assert.Equal(redacted, Redactor.Redact(text));

    [Fact]
    public void A_text_without_a_secret_comes_back_as_the_same_string()
    {
        var text = "HTTP POST /api/v1/calls responded 200 in 1.2 ms";
        Assert.Same(text, Redactor.Redact(text));
    }

    [Fact]
    public void Long_runs_of_spaces_after_the_prefix_are_masked_without_rescanning_them()
    {
        // Quadratic matching would take minutes here; the pattern takes each run once.
        var spaces = new string(' ', 200_000);
        Assert.Equal($"/api/v1/cti/***{spaces}", Redactor.Redact($"/api/v1/cti/a{spaces}b{spaces}"));
        Assert.Equal($"/api/v1/cti/***{spaces}HTTP/1.1", Redactor.Redact($"/api/v1/cti/a{spaces}b{spaces}HTTP/1.1"));
    }
}
