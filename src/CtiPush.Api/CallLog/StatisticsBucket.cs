namespace CtiPush.CallLog;

public sealed record StatisticsBucket(DateTimeOffset Start, CallFigures Total, IReadOnlyList<CallFigures> Queues);
