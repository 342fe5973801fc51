namespace CtiPush.Rules;

/// <summary>Outbound calls to <see cref="Destination"/> go out with <see cref="CallerId"/>; the lowest position that matches wins.</summary>
public sealed class CallerIdRoute
{
    public long Id { get; private set; }
    public string Destination { get; set; } = "";
    public string Pattern { get; set; } = "";
    public string CallerId { get; set; } = "";
    public int Position { get; set; }
    public string? Note { get; set; }
    public bool Enabled { get; set; } = true;
    public string? Source { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
