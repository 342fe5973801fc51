namespace CtiPush.Push;

/// <summary>Either the fields of a push or the status and reason it was refused with.</summary>
public sealed record PushBodyResult(PushFields? Fields, int Status, string? Problem)
{
    public static PushBodyResult Read(PushFields fields) => new(fields, StatusCodes.Status200OK, null);

    public static PushBodyResult TooLarge { get; } =
        new(null, StatusCodes.Status413PayloadTooLarge, $"The body is larger than {PushBodyReader.MaxBodyBytes / 1024} KiB.");

    public static PushBodyResult UnsupportedMediaType { get; } = new(null, StatusCodes.Status415UnsupportedMediaType,
        "Send application/x-www-form-urlencoded, multipart/form-data or application/json.");

    public static PushBodyResult Malformed(string mediaType, string? reason = null) =>
        new(null, StatusCodes.Status422UnprocessableEntity, reason ?? $"The body is not valid {mediaType}.");
}
