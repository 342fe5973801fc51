using System.Diagnostics;

namespace CtiPush.Tests.Infrastructure;

/// <summary>
/// The one way the tests wait for something: poll a condition with a generous bound, never a hand-written loop
/// with <c>Task.Delay</c>. How long it took is returned, to be shown in the test output; tests never assert timings
/// (those belong in the benchmarks).
/// </summary>
public static class Eventually
{
    /// <summary>The default bound: far above anything a healthy run needs, so a slow machine is not a failure.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    /// <summary>Waits until <paramref name="condition"/> holds, failing the test after <paramref name="within"/> (a minute) with what it waited for.</summary>
    public static Task<TimeSpan> Until(Func<bool> condition, string what, TimeSpan? within = null, TimeSpan? every = null) =>
        Until(() => Task.FromResult(condition()), what, within, every);

    /// <summary>The same for a condition that has to ask (an HTTP request, a query); <paramref name="detail"/> is added to a failure.</summary>
    public static async Task<TimeSpan> Until(Func<Task<bool>> condition, string what, TimeSpan? within = null, TimeSpan? every = null, Func<string>? detail = null)
    {
        var bound = within ?? Bound;
        for (var waited = Stopwatch.StartNew(); ; await Task.Delay(every ?? TimeSpan.FromMilliseconds(20)))
        {
            if (await condition())
            {
                return waited.Elapsed;
            }
            Assert.True(waited.Elapsed < bound, $"Waited {bound.TotalSeconds:0} s in vain for {what}{(detail is null ? "" : ": " + detail())}");
        }
    }

    /// <summary>Writes how long something took to the test's output (not an assertion: timings are for benchmarks).</summary>
    public static void Report(string what, TimeSpan took) =>
        TestContext.Current.TestOutputHelper?.WriteLine($"{what}: {took.TotalMilliseconds:0} ms");
}
