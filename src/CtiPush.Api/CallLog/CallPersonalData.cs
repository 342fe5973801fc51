using System.Text.Json;
using System.Text.Json.Nodes;
using CtiPush.Data;
using CtiPush.Numbers;
using CtiPush.Privacy;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.CallLog;

/// <summary>
/// The calls and their raw events as personal data: calls from or to a number, and events of any call that carry
/// it (a diversion, an answering number). Erased in place, so every figure stays; live pages are told at once.
/// </summary>
internal sealed class CallPersonalData(CallChangeFeed feed, PhoneNumberNormalizer numbers) : IPersonalData
{
    /// <summary>The fields of a raw event that say nothing about the caller: kept when a call is anonymised by age.</summary>
    private static readonly HashSet<string> ImpersonalFields = new(StringComparer.Ordinal)
    {
        "event", "callId", "call_id", "direction", "queue", "cause", "user", "user[]", "userId", "userId[]", "origCallId", "done", "by",
    };

    public async Task ExportAsync(PersonalDataScope scope, PrivacyExport export, CancellationToken cancellationToken)
    {
        var db = scope.Db;
        var ids = await CallIdsAsync(scope, cancellationToken);
        var calls = await db.Set<Call>().AsNoTracking().Where(c => ids.Contains(c.Id)).OrderBy(c => c.StartedAt).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        var events = (await db.Set<CallEvent>().AsNoTracking().Where(e => ids.Contains(e.CallRowId)).OrderBy(e => e.Id).ToListAsync(cancellationToken))
            .ToLookup(e => e.CallRowId);
        var views = await CallView.OfAsync(calls, db, cancellationToken);
        export.Add("calls", views.Select(view => new CallDetail(view,
            [.. events[view.Id].Select(e => new CallEventView(e.Id, e.Type, e.ReceivedAt, JsonDocument.Parse(e.Fields).RootElement.Clone()))])));
    }

    public async Task EraseAsync(PersonalDataScope scope, ErasureCounts counts)
    {
        var db = scope.Db;
        var ids = await CallIdsAsync(scope, CancellationToken.None);
        var calls = await db.Set<Call>().Where(c => ids.Contains(c.Id)).ToListAsync();
        var events = await db.Set<CallEvent>().Where(e => ids.Contains(e.CallRowId)).ToListAsync();
        var changedEvents = 0;
        foreach (var e in events)
        {
            if (scope.Number.ScrubJson(e.Fields) is { } scrubbed)
            {
                e.Rewrite(scrubbed);
                changedEvents++;
            }
        }
        counts.Add("calls", calls.Count(call => call.Erase(scope.Number, scope.Now, scope.Actor)));
        counts.Add("events", changedEvents);
        scope.AfterCommit(() =>
        {
            feed.Notify(); // every instance's live pages show the calls as they are now
            return Task.CompletedTask;
        });
    }

    public async Task<int> AnonymiseAsync(CtiPushDbContext db, DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var calls = await db.Set<Call>().Where(c => c.StartedAt < cutoff).Where(Call.HoldsNumbers)
            .OrderBy(c => c.StartedAt).Take(batchSize).ToListAsync(cancellationToken);
        if (calls.Count == 0)
        {
            return 0;
        }
        var ids = calls.Select(c => c.Id).ToList();
        foreach (var e in await db.Set<CallEvent>().Where(e => ids.Contains(e.CallRowId)).ToListAsync(cancellationToken))
        {
            e.Rewrite(Impersonal(e.Fields));
        }
        foreach (var call in calls)
        {
            call.Anonymise(new[] { call.FromNumber, call.ToNumber }.OfType<string>().Select(digits => new NumberMatcher(numbers, digits)));
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return calls.Count;
    }

    /// <summary>The calls from or to the number (its normalised form, indexed), and any call with an event that names it.</summary>
    private static async Task<List<long>> CallIdsAsync(PersonalDataScope scope, CancellationToken cancellationToken)
    {
        var digits = scope.Number.Digits;
        var ids = await scope.Db.Set<Call>().Where(c => c.FromNumber == digits || c.ToNumber == digits).Select(c => c.Id).ToListAsync(cancellationToken);
        // Raw events keep what the PBX sent; the digits a number ends with are a cheap first look, the matcher decides.
        var pattern = $"%{scope.Number.Tail}%";
        var candidates = await scope.Db.Set<CallEvent>().AsNoTracking().Where(e => EF.Functions.Like(e.Fields, pattern))
            .Select(e => new { e.CallRowId, e.Fields }).ToListAsync(cancellationToken);
        ids.AddRange(candidates.Where(e => scope.Number.ScrubJson(e.Fields) is not null).Select(e => e.CallRowId));
        // Answering numbers and decisions name numbers too; they are on calls whose events name them as well.
        return [.. ids.Distinct()];
    }

    /// <summary>A raw event with every field that may name a person replaced.</summary>
    private static string Impersonal(string fields)
    {
        if (JsonNode.Parse(fields) is not JsonObject json)
        {
            return "{}";
        }
        foreach (var name in json.Select(field => field.Key).Where(name => !ImpersonalFields.Contains(name)).ToList())
        {
            json[name] = IPersonalData.Erased;
        }
        return json.ToJsonString();
    }
}
