namespace CtiPush.Infrastructure;

/// <summary>What must be fixed before the service can run, found while it starts; said in one line, not as a crash.</summary>
public sealed class StartupRefusedException(string message) : Exception(message);
