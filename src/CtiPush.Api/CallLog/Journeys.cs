using CtiPush.Data;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.CallLog;

/// <summary>
/// Calls followed across legs: sipgate gives a transferred call's new leg its own callId and names the first in
/// <c>origCallId</c>. Legs of one journey share the first leg's row id; when a person answers any leg, the others are
/// not missed. Legs that arrive before their original are linked when it arrives.
/// </summary>
public static class Journeys
{
    /// <summary>Links <paramref name="calls"/> (saved, tracked by <paramref name="db"/>) to their journeys.</summary>
    /// <param name="awaited">
    /// Those of <paramref name="calls"/> that a leg stored before names as its original, not yet linked: only a call new
    /// in this change can be (a leg whose original is stored is linked when it arrives), and the statement that stores
    /// the new calls says which (<see cref="CallRecorder"/>), so most batches look nothing up here.
    /// </param>
    /// <returns>The calls given and every other call whose journey changed, saved, for the observers.</returns>
    public static async Task<IReadOnlyCollection<Call>> LinkAsync(CtiPushDbContext db, IReadOnlyCollection<Call> calls, IReadOnlySet<Call> awaited)
    {
        var changed = new HashSet<Call>(calls);
        var journeys = new HashSet<long>();
        foreach (var leg in calls.Where(c => c.OriginalCallId is not null && c.JourneyId is null))
        {
            var original = await db.Set<Call>().SingleOrDefaultAsync(c => c.Source == leg.Source && c.CallId == leg.OriginalCallId);
            if (original is not null && original != leg)
            {
                JoinBoth(original, leg, journeys, changed);
            }
        }
        foreach (var source in calls.Where(awaited.Contains).GroupBy(c => c.Source))
        {
            var ids = source.Select(c => c.CallId).ToList();
            var waiting = await db.Set<Call>().Where(c => c.Source == source.Key && c.JourneyId == null && c.OriginalCallId != null && ids.Contains(c.OriginalCallId)).ToListAsync();
            foreach (var leg in waiting)
            {
                JoinBoth(source.First(c => c.CallId == leg.OriginalCallId), leg, journeys, changed);
            }
        }
        journeys.UnionWith(calls.Where(c => c.JourneyId is not null && c.AnsweredByPerson).Select(c => c.JourneyId!.Value));
        if (journeys.Count == 0)
        {
            return changed; // most batches: no leg of a transferred call
        }
        await db.SaveChangesAsync(CancellationToken.None); // the links, so a journey's legs can be read back
        foreach (var journey in journeys)
        {
            var legs = await db.Set<Call>().Where(c => c.JourneyId == journey).ToListAsync();
            if (legs.Any(c => c.AnsweredByPerson))
            {
                foreach (var leg in legs.Where(c => !c.AnsweredByPerson && !c.AnsweredOnAnotherLeg))
                {
                    leg.ReachedOnAnotherLeg();
                    changed.Add(leg);
                }
            }
        }
        await db.SaveChangesAsync(CancellationToken.None); // saved as the observers expect the calls they are given
        return changed;
    }

    /// <summary>
    /// Whether <see cref="LinkAsync"/> would change nothing for <paramref name="calls"/>, given that no leg stored earlier
    /// waits for one of them: no leg to link, no journey a person answered. Most batches.
    /// </summary>
    public static bool NothingToLink(IEnumerable<Call> calls) =>
        !calls.Any(c => (c.OriginalCallId is not null && c.JourneyId is null) || (c.JourneyId is not null && c.AnsweredByPerson));

    private static void JoinBoth(Call original, Call leg, HashSet<long> journeys, HashSet<Call> changed)
    {
        var journey = original.JourneyId ?? original.Id;
        original.JoinJourney(journey);
        leg.JoinJourney(journey);
        journeys.Add(journey);
        changed.Add(original);
        changed.Add(leg);
    }
}
