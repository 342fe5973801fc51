namespace CtiPush.CallLog;

public sealed record BulkDone(IReadOnlyList<long>? Ids);
