using System.ComponentModel.DataAnnotations;

namespace CtiPush.CallLog;

public sealed record BulkDone(
    [property: Required(ErrorMessage = BulkDone.IdsMessage), Length(1, BulkDone.MaxIds, ErrorMessage = BulkDone.IdsMessage)] IReadOnlyList<long>? Ids)
{
    public const int MaxIds = 1000;
    private const string IdsMessage = "must name 1 to 1000 calls.";
}
