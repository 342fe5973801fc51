namespace CtiPush.Push;

/// <summary>Either the fields of a push or the status and reason it was refused with.</summary>
public sealed record PushBodyResult(PushFields? Fields, int Status, string? Problem)
{
    public static PushBodyResult Read(PushFields fields) => new(fields, StatusCodes.Status200OK, null);

    public static PushBodyResult TooLarge { get; } =
        new(null, StatusCodes.Status413PayloadTooLarge, $"The body is larger than {PushBodyReader.MaxBodyBytes / 1024} KiB.");

    public static PushBodyResult TooSlow { get; } = new(null, StatusCodes.Status408RequestTimeout,
        "The body arrived more slowly than the server's minimum data rate; send it again.");

    /// <summary>
    /// The connection closed before the body arrived: nobody is left to answer. Counted and logged as 499 ("client
    /// closed request", as nginx and ASP.NET Core name it), never as the service's error.
    /// </summary>
    public static PushBodyResult ClientGone { get; } = new(null, StatusCodes.Status499ClientClosedRequest, "The client closed the connection before the body arrived.");

    /// <summary>The body's framing is broken (a bad chunk, the content ending before its length): Kestrel's status and reason.</summary>
    public static PushBodyResult Unreadable(int status, string reason) => new(null, status, $"The body could not be read: {reason}");

    public static PushBodyResult UnsupportedMediaType { get; } = new(null, StatusCodes.Status415UnsupportedMediaType,
        "Send application/x-www-form-urlencoded, multipart/form-data or application/json.");

    public static PushBodyResult Malformed(string mediaType, string? reason = null) =>
        new(null, StatusCodes.Status422UnprocessableEntity, reason ?? $"The body is not valid {mediaType}.");
}
