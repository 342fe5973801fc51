namespace CtiPush.Phonebook;

/// <summary>
/// An import the database stopped after some of its batches were stored: rows 1 to <see cref="StoredThrough"/> are
/// in the phonebook, the rest is not. Sending the same file again finishes it (the stored rows come out unchanged).
/// </summary>
public sealed class ImportCutShortException(int storedThrough, Exception cause)
    : Exception($"The import stopped after row {storedThrough}.", cause)
{
    public int StoredThrough { get; } = storedThrough;
}
