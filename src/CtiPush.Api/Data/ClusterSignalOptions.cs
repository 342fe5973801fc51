namespace CtiPush.Data;

/// <summary>The channels the features signal on (<see cref="ClusterSignals.AddChannel"/>).</summary>
public sealed class ClusterSignalOptions
{
    public HashSet<string> Channels { get; } = new(StringComparer.Ordinal);
}
