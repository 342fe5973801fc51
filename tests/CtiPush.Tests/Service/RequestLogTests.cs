using CtiPush.Infrastructure;
using CtiPush.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Serilog.Events;

namespace CtiPush.Tests.Service;

/// <summary>
/// One structured line per request — method, path (the token masked), status, time, on the push route the PBX — so
/// an operator sees every post, and every attempt with a wrong token together with where it came from.
/// </summary>
public sealed class RequestLogTests
{
    [Fact]
    public async Task A_push_and_a_wrong_token_each_leave_one_structured_request_line_with_the_client_address()
    {
        await using var app = new SqliteApp();
        app.UseKestrel(0); // a real socket: the client address is 127.0.0.1
        app.StartServer();
        var pbx = new Pbx(app.CreateClient());

        await Pbx.Ok(pbx.NewCall(Pbx.NewCallId()));
        await Problems.Expect(pbx.Post("event=newCall&callId=x", "a-wrong-token-of-someone"), 401);

        LogEvent? stored = null, refused = null;
        await Eventually.Until(() =>
        {
            stored = app.Logs.Requests.SingleOrDefault(e => Equals(LogCapture.Value(e, "StatusCode"), 200));
            refused = app.Logs.Requests.SingleOrDefault(e => Equals(LogCapture.Value(e, "StatusCode"), 401));
            return stored is not null && refused is not null;
        }, "a request line for each post (written as the answer leaves)");

        foreach (var line in new[] { stored!, refused! })
        {
            Assert.Equal(LogEventLevel.Information, line.Level);
            Assert.Equal("POST", LogCapture.Value(line, "RequestMethod"));
            Assert.Equal("/api/v1/cti/***", LogCapture.Value(line, "RequestPath"));
            Assert.IsType<double>(LogCapture.Value(line, "Elapsed"));
            Assert.Equal("127.0.0.1", LogCapture.Value(line, "ClientAddress"));
        }
        Assert.Equal("main", LogCapture.Value(stored!, "Source"));
        Assert.Equal("newCall", LogCapture.Value(stored!, "Event"));
        Assert.Null(LogCapture.Value(refused!, "Source")); // a wrong token names no PBX
        Assert.Matches(@"^HTTP POST /api/v1/cti/\*\*\* responded 401 in [0-9.]+ ms$", refused!.RenderMessage().Replace("\"", ""));
    }

    [Theory]
    [InlineData(200, false, LogEventLevel.Information)]
    [InlineData(401, false, LogEventLevel.Information)]
    [InlineData(408, false, LogEventLevel.Information)]
    [InlineData(422, false, LogEventLevel.Information)]
    [InlineData(499, false, LogEventLevel.Information)] // the client went away: nothing for an operator to do
    [InlineData(503, false, LogEventLevel.Warning)]     // the database away, answered as designed
    [InlineData(500, false, LogEventLevel.Error)]       // a bug
    [InlineData(502, false, LogEventLevel.Error)]
    [InlineData(200, true, LogEventLevel.Error)]        // an exception that got past every handler
    public void The_request_line_is_information_for_answers_given_a_warning_for_503_and_an_error_for_a_failure(int status, bool failed, LogEventLevel level)
    {
        var context = new DefaultHttpContext { Response = { StatusCode = status } };
        Assert.Equal(level, Logging.RequestLevel(context, 1.0, failed ? new InvalidOperationException("bug") : null));
    }
}
