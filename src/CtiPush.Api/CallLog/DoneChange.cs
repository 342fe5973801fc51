namespace CtiPush.CallLog;

public sealed record DoneChange(bool? Done);
