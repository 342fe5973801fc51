namespace CtiPush.Data;

/// <summary>The database did not answer at start-up within <see cref="DatabaseOptions.StartupWaitSeconds"/>.</summary>
public sealed class DatabaseUnreachableException(string message, Exception? reason) : Exception(message, reason);
