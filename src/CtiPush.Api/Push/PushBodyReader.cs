using System.Text;
using System.Text.Json;
using CtiPush.Infrastructure;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace CtiPush.Push;

/// <summary>
/// Reads a push body of any of the three content types a PBX may use into <see cref="PushFields"/>.
/// The body is read whole, up to <see cref="MaxBodyBytes"/>, before it is parsed, so an oversized post
/// is refused without being parsed and every parser works on bytes that are already in memory.
/// </summary>
public static class PushBodyReader
{
    public const int MaxBodyBytes = 64 * 1024;
    private const int MaxJsonDepth = 8;

    /// <summary>
    /// The raw body, as a signature is computed over it; or, without one, why it could not be read: larger than
    /// <see cref="MaxBodyBytes"/> (413), slower than Kestrel's minimum data rate (408), malformed framing (400), or
    /// the client gone before it arrived (499, answered to no one). None of these is the service's failure.
    /// </summary>
    public static async Task<(byte[]? Body, PushBodyResult? Refused)> ReadBytesAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, PushBodyResult.TooLarge);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes + 1;
        }

        try
        {
            var body = await LimitedBody.ReadAsync(request.Body, MaxBodyBytes, cancellationToken);
            return body.Length > MaxBodyBytes ? (null, PushBodyResult.TooLarge) : (body, null);
        }
        catch (Exception gone) when (gone is IOException or OperationCanceledException && request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return (null, PushBodyResult.ClientGone);
        }
        catch (BadHttpRequestException bad)
        {
            return (null, bad.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => PushBodyResult.TooLarge,
                StatusCodes.Status408RequestTimeout => PushBodyResult.TooSlow,
                _ => PushBodyResult.Unreadable(bad.StatusCode, bad.Message),
            });
        }
    }

    /// <summary>The fields of a body read by <see cref="ReadBytesAsync"/>, by its content type.</summary>
    public static async Task<PushBodyResult> ParseAsync(byte[] body, string? contentType)
    {
        MediaTypeHeaderValue? mediaType = null;
        if (contentType is not null && !MediaTypeHeaderValue.TryParse(contentType, out mediaType))
        {
            return PushBodyResult.UnsupportedMediaType;
        }
        var type = mediaType?.MediaType.Value?.ToLowerInvariant();
        try
        {
            return type switch
            {
                // curl --data and most PBXs; a post with no content type is read the same way.
                null or "application/x-www-form-urlencoded" => ReadUrlEncoded(body),
                "multipart/form-data" => await ReadMultipartAsync(body, mediaType!),
                "application/json" => ReadJson(body),
                _ when type.EndsWith("+json", StringComparison.Ordinal) => ReadJson(body),
                _ => PushBodyResult.UnsupportedMediaType,
            };
        }
        catch (Exception malformed) when (malformed is InvalidDataException or IOException or JsonException or InvalidOperationException or DecoderFallbackException)
        {
            return PushBodyResult.Malformed(type ?? "application/x-www-form-urlencoded");
        }
    }

    /// <summary>The framework's query parser: unlike its FormReader it reads empty pairs (<c>&amp;a=1&amp;&amp;b=2</c>) right.</summary>
    private static PushBodyResult ReadUrlEncoded(byte[] body)
    {
        var fields = new PushFields();
        foreach (var (name, values) in QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)))
        {
            foreach (var value in values)
            {
                fields.Add(name, value ?? "");
            }
        }
        return PushBodyResult.Read(fields);
    }

    private static async Task<PushBodyResult> ReadMultipartAsync(byte[] body, MediaTypeHeaderValue mediaType)
    {
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > LimitedBody.MaxBoundaryLength)
        {
            throw new InvalidDataException("multipart/form-data without a usable boundary");
        }

        var fields = new PushFields();
        var reader = new MultipartReader(boundary, new MemoryStream(body));
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            if (section.GetContentDispositionHeader() is { } disposition && disposition.IsFormDisposition())
            {
                fields.Add(HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "", await section.ReadAsStringAsync());
            }
            // File parts carry nothing the protocol defines; they are skipped.
        }
        return PushBodyResult.Read(fields);
    }

    /// <summary>A JSON object with the form's names; any value may be a string, a number or an array of them.</summary>
    private static PushBodyResult ReadJson(byte[] body)
    {
        using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxJsonDepth });
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return PushBodyResult.Malformed("application/json", "The JSON body must be an object of field names and values.");
        }

        var fields = new PushFields();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            var values = property.Value.ValueKind == JsonValueKind.Array
                ? property.Value.EnumerateArray().ToList()
                : [property.Value];
            foreach (var value in values)
            {
                switch (value.ValueKind)
                {
                    case JsonValueKind.String:
                        fields.Add(property.Name, value.GetString()!);
                        break;
                    case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                        fields.Add(property.Name, value.GetRawText());
                        break;
                    case JsonValueKind.Null:
                        break;
                    default:
                        return PushBodyResult.Malformed("application/json",
                            $"The field '{property.Name}' must be a string, a number or an array of them.");
                }
            }
        }
        return PushBodyResult.Read(fields);
    }
}
