using CtiPush.Data;
using CtiPush.Numbers;
using CtiPush.People;
using CtiPush.Phonebook;
using CtiPush.Privacy;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Callbacks;

/// <summary>
/// The worklist as personal data: the callbacks of a number, and notes (on any callback) that mention it in any
/// format. An erased callback stays as it was without its number (so the figures stay); notes lose the number only.
/// </summary>
internal sealed class CallbackPersonalData(PhoneNumberNormalizer numbers) : IPersonalData
{
    public async Task ExportAsync(PersonalDataScope scope, PrivacyExport export, CancellationToken cancellationToken)
    {
        var digits = scope.Number.Digits;
        var callbacks = await scope.Db.Set<Callback>().AsNoTracking().Include(c => c.Calls).Include(c => c.Notes)
            .Where(c => c.Number == digits).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        var names = await scope.Db.ForNumbersAsync([digits], cancellationToken);
        export.Add("callbacks", callbacks.Select(c => CallbackView.Of(c, names)));
        var notes = await NotesNamingAsync(scope, excludingOf: [.. callbacks.Select(c => c.Id)], cancellationToken);
        export.Add("notes", notes.Select(n => new { n.CallbackId, n.At, n.Author, n.Text }));
    }

    public async Task EraseAsync(PersonalDataScope scope, ErasureCounts counts)
    {
        var digits = scope.Number.Digits;
        var callbacks = await scope.Db.Set<Callback>().Include(c => c.Calls).Include(c => c.Notes).Where(c => c.Number == digits).ToListAsync();
        var notes = 0;
        foreach (var callback in callbacks)
        {
            callback.Erase();
            notes += Scrub(callback.Notes, scope.Number);
        }
        var others = await NotesNamingAsync(scope, excludingOf: [.. callbacks.Select(c => c.Id)], CancellationToken.None);
        var otherIds = others.Select(o => o.Id).ToList();
        var tracked = await scope.Db.Set<CallbackNote>().Where(n => otherIds.Contains(n.Id)).ToListAsync();
        notes += Scrub(tracked, scope.Number);
        counts.Add("callbacks", callbacks.Count);
        counts.Add("notes", notes);
    }

    /// <summary>Callbacks whose last call is older than the cutoff: the number and the notes' text go.</summary>
    public async Task<int> AnonymiseAsync(CtiPushDbContext db, DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var callbacks = await db.Set<Callback>().Include(c => c.Calls).Include(c => c.Notes)
            .Where(c => c.LastAt < cutoff && c.Number != IPersonalData.Erased).OrderBy(c => c.LastAt).Take(batchSize).ToListAsync(cancellationToken);
        foreach (var callback in callbacks)
        {
            var number = new NumberMatcher(numbers, callback.Number);
            // The audit list names a callback with its number (callback 7 (493012345678)).
            var target = $"callback {callback.Id} (%";
            foreach (var entry in await db.Set<AuditEntry>().Where(e => EF.Functions.Like(e.Target!, target)).ToListAsync(cancellationToken))
            {
                entry.Target = number.Scrub(entry.Target!);
            }
            callback.Erase();
            callback.Notes.ForEach(note => note.Rewrite(IPersonalData.Erased)); // notes are about the caller, names and all
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return callbacks.Count;
    }

    private static int Scrub(IEnumerable<CallbackNote> notes, NumberMatcher number)
    {
        var changed = 0;
        foreach (var note in notes.Where(n => number.Mentions(n.Text)))
        {
            note.Rewrite(number.Scrub(note.Text));
            changed++;
        }
        return changed;
    }

    /// <summary>Notes that mention the number in any format. Read whole: a person writes a number any way.</summary>
    private static async Task<List<CallbackNote>> NotesNamingAsync(PersonalDataScope scope, long[] excludingOf, CancellationToken cancellationToken)
    {
        var all = await scope.Db.Set<CallbackNote>().AsNoTracking().Where(n => !excludingOf.Contains(n.CallbackId)).ToListAsync(cancellationToken);
        return [.. all.Where(n => scope.Number.Mentions(n.Text))];
    }
}
