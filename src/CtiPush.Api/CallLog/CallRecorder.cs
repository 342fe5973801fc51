using CtiPush.Data;
using CtiPush.Numbers;
using CtiPush.Rules;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.CallLog;

/// <summary>
/// Stores one event and its effect on the call in a single commit; the PBX's 200 means both are durable.
/// Idempotency lives in the database: the unique (source, callId) index and the row version make two
/// events of one call that arrive at once both apply, one after the other, through a retry.
/// </summary>
public sealed class CallRecorder(
    CtiPushDbContext db,
    INewCallDecider decider,
    PhoneNumberNormalizer numbers,
    CallChangeFeed changes,
    TimeProvider time,
    ILogger<CallRecorder> logger)
{
    public async Task<Call> RecordAsync(string source, CtiEvent e, string rawFields)
    {
        e = e with { FromNumber = numbers.Normalize(e.From)?.Digits, ToNumber = numbers.Normalize(e.To)?.Digits };
        var call = await db.RetryOnConflictAsync(async attempt =>
        {
            if (attempt > 1)
            {
                logger.LogDebug("Concurrent event for call {CallId} of {Source}; retrying (attempt {Attempt})", e.CallId, source, attempt);
            }
            var now = time.GetUtcNow();
            var call = await db.Set<Call>().SingleOrDefaultAsync(c => c.Source == source && c.CallId == e.CallId);
            if (call is null)
            {
                call = Call.Open(source, e.CallId, now);
                db.Add(call);
            }

            var firstNewCall = e.Type == CallState.NewCall && call.NewCallAt is null;
            call.Apply(e, rawFields, now);
            if (firstNewCall)
            {
                call.Decide(await decider.DecideAsync(NewCallFacts.Of(call), CancellationToken.None));
            }

            // Not the request's token: once the event is being written, a client hanging up must not half-abort it.
            await db.SaveChangesAsync(CancellationToken.None);
            return call;
        });
        changes.Notify();
        return call;
    }
}
