using System.Security.Cryptography;
using System.Text.Json;
using CtiPush.Core;
using CtiPush.Tests.Infrastructure;

namespace CtiPush.Tests.Push;

/// <summary>
/// A PBX with <c>Cti:Formats:{name}=placetel</c> posts Placetel's notify API (IncomingCall, OutgoingCall, CallAccepted,
/// HungUp) and gets Placetel's XML; its calls end as the protocol's would. The same suite runs on SQLite and PostgreSQL.
/// </summary>
public abstract class PlacetelBehaviour(CtiPushApp app)
{
    protected readonly CtiPushApp App = app;
    private readonly Pbx placetel = new(app.CreateClient(), CtiPushApp.PlacetelToken);
    private readonly AdminApi admin = new(app.CreateAdminClient());

    private const string EmptyAnswer = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response />";

    /// <summary>A call id as Placetel makes them: a SHA-256 in hex.</summary>
    private static string NewCallId() => Convert.ToHexStringLower(SHA256.HashData(Guid.NewGuid().ToByteArray()));

    /// <summary>A caller number of this test alone, so the rules of one test block no other's.</summary>
    private static string NewNumber() => "0221" + Random.Shared.NextInt64(10_000_000, 99_999_999);

    private static string Incoming(string callId, string from = "022129191999", string to = "022129191000") =>
        $"event=IncomingCall&from={from}&to={to}&call_id={callId}&direction=in";

    private static string Accepted(string callId, string peer, string from = "022129191999", string to = "022129191000") =>
        $"event=CallAccepted&from={from}&to={to}&call_id={callId}&peer={Uri.EscapeDataString(peer)}&direction=in";

    private static string HungUp(string callId, string type, string direction = "in", string from = "022129191999", string to = "022129191000") =>
        $"event=HungUp&from={from}&to={to}&call_id={callId}&type={type}&duration=0&direction={direction}";

    private async Task<string> Post(string body)
    {
        using var response = await placetel.Post(body);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {answer}");
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        return answer;
    }

    private async Task<JsonElement> View(string callId) =>
        (await admin.Get($"/api/v1/calls?callId={callId}&source=placetel")).GetProperty("items").EnumerateArray().Single();

    [Fact]
    public async Task A_full_inbound_call_is_answered_by_the_person_whose_pbx_name_is_the_sip_peer()
    {
        var peer = $"7777{Guid.NewGuid():N}"[..16] + "@fpbx.de";
        await new Team(App).Add("agent", pbxNames: [peer.ToUpperInvariant()]);
        var callId = NewCallId();
        var start = App.Time.GetUtcNow();

        Assert.Equal(EmptyAnswer, await Post(Incoming(callId)));
        App.Time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(EmptyAnswer, await Post(Accepted(callId, peer)));
        App.Time.Advance(TimeSpan.FromSeconds(42));
        Assert.Equal(EmptyAnswer, await Post(HungUp(callId, "accepted")));

        var call = await App.FindCall(callId, "placetel");
        Assert.NotNull(call);
        Assert.Equal((CallState.Hangup, CallDirection.In), (call.State, call.Direction));
        Assert.Equal(("022129191999", "022129191000"), (call.From, call.To));
        Assert.Equal(peer, call.AnsweredBy);
        Assert.Equal(peer, call.AnsweringNumber);
        Assert.Equal(start.AddSeconds(6), call.AnsweredAt);
        Assert.Equal((6, 42), (call.WaitingSeconds, call.TalkingSeconds));
        Assert.Equal(("accepted", HangupCause.NormalClearing), (call.Cause, call.NormalizedCause));
        Assert.True(call.Done);
        Assert.False(call.Missed);
        var view = await View(callId);
        Assert.Equal("accepted", view.GetProperty("cause").GetString());
        Assert.Equal("normalClearing", view.GetProperty("normalizedCause").GetString());
        // The audit trail keeps Placetel's fields as they came.
        var events = await App.EventsOf(callId, "placetel");
        Assert.Equal(["newCall", "answer", "hangup"], events.Select(e => e.Type));
        Assert.Contains("\"event\":\"CallAccepted\"", events[1].Fields);
        Assert.Contains("\"type\":\"accepted\"", events[2].Fields);
    }

    [Fact]
    public async Task A_sip_peer_that_is_no_persons_pbx_name_is_the_answering_number_only()
    {
        var callId = NewCallId();
        await Post(Incoming(callId));
        await Post(Accepted(callId, "7777nobodys@fpbx.de"));

        var call = await App.FindCall(callId, "placetel");
        Assert.Equal(CallState.Answer, call!.State);
        Assert.Null(call.AnsweredBy);
        Assert.Equal("7777nobodys@fpbx.de", call.AnsweringNumber);
        Assert.True(call.AnsweredByPerson);
    }

    [Fact]
    public async Task A_missed_call_is_missed_with_its_type_as_cause_and_no_answer_as_normalised_cause()
    {
        var callId = NewCallId();
        await Post(Incoming(callId));
        App.Time.Advance(TimeSpan.FromSeconds(25));
        await Post(HungUp(callId, "missed"));

        var call = await App.FindCall(callId, "placetel");
        Assert.Equal(("missed", HangupCause.NoAnswer), (call!.Cause, call.NormalizedCause));
        Assert.True(call.Missed);
        Assert.False(call.Done);
        Assert.Equal(25, call.WaitingSeconds);
        Assert.True((await View(callId)).GetProperty("missed").GetBoolean());
    }

    [Fact]
    public async Task A_call_the_mailbox_took_is_answered_by_voicemail_and_still_needs_a_call_back()
    {
        var callId = NewCallId();
        await Post(Incoming(callId));
        App.Time.Advance(TimeSpan.FromSeconds(30));
        await Post(HungUp(callId, "voicemail"));

        var call = await App.FindCall(callId, "placetel");
        Assert.Equal("voicemail", call!.AnsweredBy);
        Assert.NotNull(call.AnsweredAt);
        Assert.False(call.AnsweredByPerson);
        Assert.True(call.Missed);
        Assert.False(call.Done);
        Assert.Equal("voicemail", call.Cause);
    }

    [Fact]
    public async Task A_blocked_caller_is_answered_with_placetels_reject_and_kept_as_blocked()
    {
        var caller = NewNumber();
        await admin.Block(caller);
        var callId = NewCallId();

        var answer = await Post(Incoming(callId, from: caller));
        Assert.Equal("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Reject reason=\"busy\" /></Response>", answer);
        Assert.Equal(answer, await Post(Incoming(callId, from: caller))); // a retry gets the same answer

        await Post(HungUp(callId, "blocked"));
        var call = await App.FindCall(callId, "placetel");
        Assert.True(call!.Blocked);
        Assert.False(call.Missed);
        Assert.True(call.Done);
    }

    [Fact]
    public async Task A_caller_blocked_with_reason_rejected_gets_a_bare_reject()
    {
        var caller = NewNumber();
        await admin.Block(caller, reason: "rejected");

        Assert.Equal("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Reject /></Response>", await Post(Incoming(NewCallId(), from: caller)));
    }

    [Fact]
    public async Task A_caller_placetel_blocked_itself_is_blocked_not_missed()
    {
        var callId = NewCallId();
        await Post(Incoming(callId));
        await Post(HungUp(callId, "blocked"));

        var call = await App.FindCall(callId, "placetel");
        Assert.Equal(HangupCause.Blocked, call!.NormalizedCause);
        Assert.True(call.Blocked);
        Assert.False(call.Missed);
        Assert.True(call.Done);
    }

    [Fact]
    public async Task An_outbound_call_is_logged_as_the_person_whose_sip_user_called()
    {
        var sipUser = $"7777{Guid.NewGuid():N}"[..16] + "@fpbx.de";
        await new Team(App).Add("agent", pbxNames: [sipUser]);
        var callId = NewCallId();

        Assert.Equal(EmptyAnswer, await Post($"event=OutgoingCall&from={Uri.EscapeDataString(sipUser)}&to=022129191999&call_id={callId}&direction=out"));
        App.Time.Advance(TimeSpan.FromSeconds(9));
        await Post(HungUp(callId, "busy", direction: "out", from: sipUser, to: "022129191999"));

        var call = await App.FindCall(callId, "placetel");
        Assert.Equal(CallDirection.Out, call!.Direction);
        Assert.Equal(sipUser, call.From);
        Assert.Equal([sipUser], call.Users);
        Assert.Equal(("busy", HangupCause.Busy), (call.Cause, call.NormalizedCause));
        Assert.True(call.Done);
        Assert.False(call.Missed);
    }

    [Fact]
    public async Task Events_retried_and_out_of_order_end_the_call_as_in_order()
    {
        var peer = $"7777{Guid.NewGuid():N}"[..16] + "@fpbx.de";
        await new Team(App).Add("agent", pbxNames: [peer]);
        var (inOrder, shuffled) = (NewCallId(), NewCallId());
        foreach (var body in new[] { Incoming(inOrder), Accepted(inOrder, peer), HungUp(inOrder, "accepted") })
        {
            await Post(body);
        }
        // Hangup first, the answer twice, the IncomingCall last and twice.
        foreach (var body in new[] { HungUp(shuffled, "accepted"), Accepted(shuffled, peer), Accepted(shuffled, peer), Incoming(shuffled), HungUp(shuffled, "accepted"), Incoming(shuffled) })
        {
            await Post(body);
        }

        var (a, b) = (await App.FindCall(inOrder, "placetel"), await App.FindCall(shuffled, "placetel"));
        Assert.Equal((a!.State, a.Direction, a.From, a.To, a.AnsweredBy, a.AnsweringNumber, a.Cause, a.NormalizedCause, a.Done, a.Missed),
            (b!.State, b.Direction, b.From, b.To, b.AnsweredBy, b.AnsweringNumber, b.Cause, b.NormalizedCause, b.Done, b.Missed));
        Assert.Equal(6, (await App.EventsOf(shuffled, "placetel")).Count); // every post in the audit trail
    }

    [Theory]
    [InlineData("event=Ringing&call_id=c1&from=1&to=2", "event", "IncomingCall, OutgoingCall, CallAccepted or HungUp")]
    [InlineData("event=newCall&call_id=c1&direction=in&from=1&to=2", "event", "IncomingCall")]
    [InlineData("call_id=c1&from=1&to=2", "event", "required")]
    [InlineData("event=HungUp&call_id=c1&type=exploded", "type", "accepted, missed, voicemail, blocked")]
    [InlineData("event=IncomingCall&from=1&to=2", "call_id", "required")]
    [InlineData("event=IncomingCall&call_id=c1&to=2", "from", "required")]
    public async Task An_unknown_event_or_type_or_a_missing_field_gets_422_naming_placetels_field_and_nothing_is_stored(string body, string field, string words)
    {
        var calls = await App.CountCalls();

        var problem = await Problems.Expect(placetel.Post(body), 422);

        Assert.Contains(words, problem.ErrorsOf(field));
        Assert.Contains(field, problem.GetProperty("error").GetString());
        Assert.Equal(calls, await App.CountCalls());
    }

    [Fact]
    public async Task The_protocols_pbxs_are_not_read_as_placetel()
    {
        await Problems.Expect(new Pbx(App.CreateClient()).Post("event=IncomingCall&call_id=c1&from=1&to=2"), 422);
    }
}

public sealed class PlacetelOnSqlite(SqliteApp app) : PlacetelBehaviour(app), IClassFixture<SqliteApp>;

public sealed class PlacetelOnPostgres(PostgresApp app) : PlacetelBehaviour(app), IClassFixture<PostgresApp>;
