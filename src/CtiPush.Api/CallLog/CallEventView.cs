using System.Text.Json;

namespace CtiPush.CallLog;

/// <summary>One entry of a call's audit trail: a PBX event with every field it posted, or an admin's change.</summary>
public sealed record CallEventView(long Id, string Type, DateTimeOffset ReceivedAt, JsonElement Fields);
