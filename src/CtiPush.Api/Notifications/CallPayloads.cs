using System.Text.Json.Nodes;
using CtiPush.CallLog;
using CtiPush.Data;
using CtiPush.Numbers;
using CtiPush.Phonebook;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Notifications;

/// <summary>
/// Puts the phonebook's names (as it is now, as everywhere in the service), the numbers as displayed and the call's other
/// legs on call events just before they are sent: the push path writes them without (<see cref="CallView.Bare"/>), so
/// the PBX's commit does not wait for the look-ups and formatting.
/// One look-up each for a whole round of notifications.
/// </summary>
public static class CallPayloads
{
    public static async Task CompleteAsync(CtiPushDbContext db, IReadOnlyCollection<Notification> notifications)
    {
        var calls = notifications.Where(n => n.Event.StartsWith("call.", StringComparison.Ordinal))
            .Select(n => (Notification: n, Envelope: JsonNode.Parse(n.Payload)!.AsObject())).ToList();
        if (calls.Count == 0)
        {
            return;
        }
        var data = calls.Select(c => c.Envelope["data"]!.AsObject()).ToList();
        var names = await db.ForNumbersAsync(data.SelectMany(d => new[] { (string?)d["fromNumber"], (string?)d["toNumber"] }), CancellationToken.None);
        var ids = data.Select(d => (long)d["id"]!).Distinct().ToList();
        var journeys = await db.Set<Call>().AsNoTracking().Where(c => ids.Contains(c.Id) && c.JourneyId != null)
            .Select(c => new { c.Id, Journey = c.JourneyId!.Value }).ToListAsync();
        var journeyIds = journeys.Select(j => j.Journey).Distinct().ToList();
        var legs = journeyIds.Count == 0 ? [] : await db.Set<Call>().AsNoTracking().Where(c => c.JourneyId != null && journeyIds.Contains(c.JourneyId.Value))
            .Select(c => new { c.Id, Journey = c.JourneyId!.Value }).ToListAsync();
        foreach (var (notification, envelope) in calls)
        {
            var call = envelope["data"]!.AsObject();
            call["fromDisplay"] = PhoneNumberNormalizer.Display((string?)call["fromNumber"]);
            call["toDisplay"] = PhoneNumberNormalizer.Display((string?)call["toNumber"]);
            call["fromName"] = CallView.NameOf((string?)call["fromNumber"], names);
            call["toName"] = CallView.NameOf((string?)call["toNumber"], names);
            var id = (long)call["id"]!;
            if (journeys.FirstOrDefault(j => j.Id == id) is { } journey)
            {
                call["legs"] = new JsonArray([.. legs.Where(l => l.Journey == journey.Journey && l.Id != id).Select(l => l.Id).Order().Select(l => (JsonNode)l)]);
            }
            notification.Payload = envelope.ToJsonString(Envelope.Json);
        }
    }
}
