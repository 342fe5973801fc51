namespace CtiPush.Tests.Infrastructure;

public static class Eventually
{
    /// <summary>Waits until <paramref name="condition"/> holds, failing the test after a minute with what it waited for.</summary>
    public static async Task Until(Func<bool> condition, string what)
    {
        for (var waited = System.Diagnostics.Stopwatch.StartNew(); !condition(); await Task.Delay(20))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "Waited in vain for " + what);
        }
    }
}
