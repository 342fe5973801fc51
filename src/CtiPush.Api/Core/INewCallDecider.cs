namespace CtiPush.Core;

/// <summary>The seam where the answer to a newCall is decided; it runs inside the request, so it must be fast.</summary>
public interface INewCallDecider
{
    /// <summary>Completes synchronously, without allocating, once the rules are in memory.</summary>
    ValueTask<CallDecision> DecideAsync(NewCallFacts call, CancellationToken cancellationToken);
}
