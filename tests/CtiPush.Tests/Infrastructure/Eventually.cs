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

    /// <summary>The same for a condition that must be asked for (an HTTP probe); a refused connection counts as not yet.</summary>
    public static async Task Until(Func<Task<bool>> condition, string what)
    {
        for (var waited = System.Diagnostics.Stopwatch.StartNew(); ; await Task.Delay(100))
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "Waited in vain for " + what);
        }
    }
}
