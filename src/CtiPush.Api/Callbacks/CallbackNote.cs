namespace CtiPush.Callbacks;

/// <summary>A note on a callback, in order, with its author and time; outcomes recorded by hand are notes too.</summary>
public sealed class CallbackNote
{
    public long Id { get; private set; }
    public long CallbackId { get; private set; }
    public DateTimeOffset At { get; init; }
    public string Author { get; init; } = "";
    public string Text { get => text; init => text = value; }

    private string text = "";

    /// <summary>The text with personal data taken out (an erasure, anonymising by age).</summary>
    public void Rewrite(string rewritten) => text = rewritten;
}
