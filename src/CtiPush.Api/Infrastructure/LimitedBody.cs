namespace CtiPush.Infrastructure;

/// <summary>Reading a request body into memory without letting it grow past a limit.</summary>
public static class LimitedBody
{
    /// <summary>The longest multipart boundary there may be (RFC 2046).</summary>
    public const int MaxBoundaryLength = 70;

    /// <summary>
    /// The body, read until it ends or passes <paramref name="limit"/> bytes: a result longer than the limit means
    /// too large, and the rest of it was never buffered.
    /// </summary>
    public static async Task<byte[]> ReadAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                break;
            }
        }
        return buffer.ToArray();
    }
}
