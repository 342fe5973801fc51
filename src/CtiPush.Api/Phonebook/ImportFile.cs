using System.Buffers;
using CtiPush.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace CtiPush.Phonebook;

/// <summary>
/// An uploaded phonebook file, kept in a temporary file of its own (where ASP.NET Core keeps large uploads:
/// <c>ASPNETCORE_TEMP</c>, else the system's temporary folder) and deleted when disposed. It is read twice — checked
/// as a whole, then imported row by row — and never held in memory.
/// </summary>
public sealed class ImportFile : IAsyncDisposable
{
    public const int MaxBytes = 20 * 1024 * 1024;

    private readonly FileStream file;

    private ImportFile(FileStream file) => this.file = file;

    public long Length => file.Length;

    /// <summary>The file from its start. It stays this object's: read it, do not dispose it.</summary>
    public Stream Rewound()
    {
        file.Position = 0;
        return file;
    }

    public ValueTask DisposeAsync() => file.DisposeAsync();

    /// <summary>The file: the body itself, or the first file of a multipart form (<c>curl -F file=@contacts.csv</c>).</summary>
    /// <exception cref="ImportRefusedException">Too large (413), or a multipart body that holds no file (400).</exception>
    public static async Task<ImportFile> ReceiveAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType && request.ContentLength > MaxBytes) // a form may add its boundaries on top
        {
            throw TooLarge();
        }
        var spool = new FileStream(Path.Combine(TemporaryFolder(), $"ctipush-import-{Guid.NewGuid():N}.csv"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 64 * 1024, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            await CopyAsync(await Reading(() => BodyAsync(request, cancellationToken)), spool, cancellationToken);
            return new ImportFile(spool);
        }
        catch
        {
            await spool.DisposeAsync();
            throw;
        }
    }

    /// <summary>A read of the request, its failures said as the client's: too large, or cut short or malformed. (A failure to write the temporary file is the server's.)</summary>
    private static async Task<T> Reading<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (InvalidDataException tooLong) when (tooLong.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            throw TooLarge();
        }
        catch (Exception malformed) when (malformed is IOException or InvalidDataException)
        {
            throw Refused(StatusCodes.Status400BadRequest, "Bad multipart body", "The multipart body is cut short or malformed: send the CSV file as a form's file, or as the body itself.");
        }
    }

    private static async Task<Stream> BodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return request.Body;
        }
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > LimitedBody.MaxBoundaryLength)
        {
            throw Refused(StatusCodes.Status400BadRequest, "Bad multipart body", "A multipart body needs a boundary of 1 to 70 characters.");
        }
        var section = await new MultipartReader(boundary, request.Body) { BodyLengthLimit = MaxBytes }.ReadNextSectionAsync(cancellationToken)
            ?? throw Refused(StatusCodes.Status400BadRequest, "No file", "The multipart body holds no part: send the CSV file as its first part.");
        return section.Body;
    }

    /// <summary>Copies until the body ends, refusing it as soon as it passes <see cref="MaxBytes"/>.</summary>
    private static async Task CopyAsync(Stream body, FileStream spool, CancellationToken cancellationToken)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await Reading(() => body.ReadAsync(chunk, cancellationToken).AsTask())) > 0)
            {
                if (spool.Length + read > MaxBytes)
                {
                    throw TooLarge();
                }
                await spool.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
            }
            await spool.FlushAsync(cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private static string TemporaryFolder() =>
        Environment.GetEnvironmentVariable("ASPNETCORE_TEMP") is { Length: > 0 } configured ? configured : Path.GetTempPath();

    private static ImportRefusedException TooLarge() => Refused(StatusCodes.Status413PayloadTooLarge, "File too large",
        $"A phonebook file may have at most {MaxBytes / 1024 / 1024} MiB: split it and import the parts.");

    internal static ImportRefusedException Refused(int status, string title, string detail) =>
        new(TypedResults.Problem(statusCode: status, title: title, detail: detail));
}
