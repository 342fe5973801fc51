namespace CtiPush.CallLog;

public sealed record CallStatistics(DateTimeOffset Since, DateTimeOffset Until, string Bucket, IReadOnlyList<StatisticsBucket> Buckets);
