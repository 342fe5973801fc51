using System.Security.Cryptography;
using System.Text;
using CtiPush.Tests.Infrastructure;

namespace CtiPush.Tests.Push;

/// <summary>
/// sipgate.io signs every push with RSA (<c>X-Sipgate-Signature</c>: base64 of RSA-SHA256, PKCS#1 v1.5, over the raw body);
/// <c>Cti:Signatures:{name}:Scheme=sipgate-rsa</c> makes the service check it, with a key pair the test makes standing in
/// for sipgate's, and sipgate's published key by default.
/// </summary>
public sealed class SipgateSignatureTests
{
    private const string Header = "X-Sipgate-Signature";

    /// <summary>A newCall sipgate signed, from the tests of sipgate's own client library (sipgate-io/sipgateio-node,
    /// lib/webhook/webhook.test.node.ts): its callId is empty, so once the signature holds, the event is refused as invalid.</summary>
    private const string SignedBySipgate = "callId=&direction=in&event=newCall&from=4912354678&fullUserId%5B%5D%5B0%5D=123456789&originalCallId=&to=49999999&user%5B%5D%5B0%5D=TestUser&userId%5B%5D%5B0%5D=123456789&xcid=";
    private const string SipgatesSignature = "hlY7r9Vad0NP/7xJxf+vcDqjWaGWHOcIrj+rcP5aqQQcHtbSLsElp2kRNRPBL5unWbq6bExVPZB49HHM+Y/fWSVL19q7KSJhYPHfikcME0r0mCYB4S/VnJwnIvpiqz6s7Dpnk3wDCy65B3WQLwBVWA9oh6ojNM/g+87YnoMTKRx1KoFqosKNfBp1c1I8XjXusGOW/VlGnMb6wHhUVdwi9K7FfUgxj2pnV+M1Xv9rYs6RAi4V1OcUPqdT5geHsxWa09sk+AEHSUm1EFnAvx7PhIkugpNwST7yPKHf0+iyei4qUQCBZtfQVOI4mLZTRfQuyVo3YuJfvHaNPYY34/1ZCZGCKeu+HS6WHs1vGUyKxSi8v4JJqog2VOlWruf8pMGg+syuAFwuxiCnWsSXgaaUfe9JrBAFjBxUmNP9DzR1bbkwxkJnthacu7jALXjGsubjSSSl955QgenV/ZpODHgWDPg0fe6qGILtk+kXLjyfSsoR/qgzE5W5OAyZq8W64h01KAt9Q283N7/2nogy6keiIWL3qjPolWnrchSP7iJUatM2YiTcpkNKnJ70UE05cdw3swuNe7zqD51MdOX3rAioEOFgOIFMSrxMVX+V4XK7sa5o43smN8lHoa+0AogQMuIrC7k2axdRbulSSNfyqVAZIT4qS0cItiv3aPXsdDKkkA0=";

    private static string Sign(RSA key, string body) =>
        Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(body), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    /// <summary>An app whose sipgate PBX signs with RSA: with <paramref name="publicKeyPem"/>, or sipgate's published key when null.</summary>
    private static (SqliteApp App, Pbx Sipgate) SignedApp(string? publicKeyPem)
    {
        var app = new SqliteApp();
        app.Settings["Cti:Signatures:sipgate:Scheme"] = "sipgate-rsa";
        if (publicKeyPem is not null)
        {
            app.Settings["Cti:Signatures:sipgate:PublicKey"] = publicKeyPem;
        }
        return (app, new Pbx(app.CreateClient(), CtiPushApp.SipgateToken));
    }

    [Fact]
    public async Task A_body_signed_with_the_pbxs_key_is_accepted_and_answered_in_sipgates_xml()
    {
        using var key = RSA.Create(2048);
        var (app, sipgate) = SignedApp(key.ExportSubjectPublicKeyInfoPem());
        await using var _ = app;
        var body = Pbx.NewCallBody("rsa-signed") + "&user[]=Alice&origCallId=&xcid=abc";

        var answer = await Pbx.Ok(sipgate.PostSigned(body, Sign(key, body), Header));

        Assert.StartsWith("<?xml", answer);
        Assert.NotNull(await app.FindCall("rsa-signed", "sipgate"));
    }

    [Fact]
    public async Task A_tampered_body_gets_401_and_nothing_is_stored()
    {
        using var key = RSA.Create(2048);
        var (app, sipgate) = SignedApp(key.ExportSubjectPublicKeyInfoPem());
        await using var _ = app;
        var body = Pbx.NewCallBody("rsa-tampered");

        var problem = await Problems.Expect(sipgate.PostSigned(body.Replace("direction=in", "direction=out"), Sign(key, body), Header), 401);

        Assert.Contains("not a signature of this body", problem.GetProperty("error").GetString());
        Assert.Null(await app.FindCall("rsa-tampered", "sipgate"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 at all!")]
    [InlineData("c2lnbmVk")] // base64, but no signature
    public async Task A_missing_or_malformed_signature_gets_401_and_nothing_is_stored(string? signature)
    {
        using var key = RSA.Create(2048);
        var (app, sipgate) = SignedApp(key.ExportSubjectPublicKeyInfoPem());
        await using var _ = app;
        var body = Pbx.NewCallBody("rsa-unsigned");

        var problem = await Problems.Expect(sipgate.PostSigned(body, signature, Header), 401);

        Assert.Contains(Header, problem.GetProperty("error").GetString());
        Assert.Null(await app.FindCall("rsa-unsigned", "sipgate"));
    }

    [Fact]
    public async Task A_signature_by_another_key_is_refused()
    {
        using var pbxKey = RSA.Create(2048);
        using var otherKey = RSA.Create(2048);
        var (app, sipgate) = SignedApp(pbxKey.ExportSubjectPublicKeyInfoPem());
        await using var _ = app;
        var body = Pbx.NewCallBody("rsa-other-key");

        await Problems.Expect(sipgate.PostSigned(body, Sign(otherKey, body), Header), 401);

        Assert.Null(await app.FindCall("rsa-other-key", "sipgate"));
    }

    [Fact]
    public async Task By_default_sipgates_published_key_checks_the_signature_and_a_key_that_is_not_sipgates_is_refused()
    {
        using var notSipgates = RSA.Create(2048);
        var (app, sipgate) = SignedApp(publicKeyPem: null);
        await using var _ = app;
        var body = Pbx.NewCallBody("rsa-not-sipgate");

        await Problems.Expect(sipgate.PostSigned(body, Sign(notSipgates, body), Header), 401);
        Assert.Null(await app.FindCall("rsa-not-sipgate", "sipgate"));

        // sipgate's own signed push passes the signature check (and is then refused for its empty callId)…
        var invalid = await Problems.Expect(sipgate.PostSigned(SignedBySipgate, SipgatesSignature, Header), 422);
        Assert.Contains("callId", invalid.GetProperty("error").GetString());
        // …and the same signature on a body changed by one character does not.
        await Problems.Expect(sipgate.PostSigned(SignedBySipgate.Replace("TestUser", "TestUsex"), SipgatesSignature, Header), 401);
    }

    [Fact]
    public async Task Other_pbxs_are_not_asked_for_sipgates_signature()
    {
        using var key = RSA.Create(2048);
        var (app, _) = SignedApp(key.ExportSubjectPublicKeyInfoPem());
        await using var __ = app;

        await Pbx.Ok(new Pbx(app.CreateClient()).NewCall("unsigned-main"));
    }
}
