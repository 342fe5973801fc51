namespace CtiPush.CallLog;

public sealed record CallDetail(CallView Call, IReadOnlyList<CallEventView> Events);
