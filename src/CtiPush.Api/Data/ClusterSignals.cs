using System.Collections.Concurrent;

namespace CtiPush.Data;

/// <summary>
/// Signals between the instances on one database — "a call changed", "the rules changed" — so the others act at
/// once instead of at their next look. On PostgreSQL they are LISTEN/NOTIFY, nothing new to run; on SQLite (one
/// instance on one file) they stay in the process. A lost signal costs only time: every reader still looks for
/// itself once a second.
/// </summary>
public class ClusterSignals
{
    /// <summary>Names a channel a feature signals on; PostgreSQL listens to every channel named this way.</summary>
    public static IServiceCollection AddChannel(IServiceCollection services, string channel) =>
        services.Configure<ClusterSignalOptions>(options => options.Channels.Add(channel));

    private readonly ConcurrentDictionary<string, Action> handlers = new();

    /// <summary>Runs <paramref name="handler"/> whenever <paramref name="channel"/> is signalled, here or on another instance.</summary>
    public void Subscribe(string channel, Action handler) => handlers.AddOrUpdate(channel, handler, (_, existing) => existing + handler);

    /// <summary>Signals every instance, this one included.</summary>
    public virtual void Publish(string channel) => Deliver(channel);

    protected void Deliver(string channel)
    {
        if (handlers.TryGetValue(channel, out var handler))
        {
            handler();
        }
    }
}
