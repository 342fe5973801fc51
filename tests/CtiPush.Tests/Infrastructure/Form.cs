using System.Text;

namespace CtiPush.Tests.Infrastructure;

/// <summary>Request bodies as forms: URL-encoded as PBXs post them, and multipart written out byte for byte.</summary>
public static class Form
{
    /// <summary><c>application/x-www-form-urlencoded</c>, as <c>curl --data</c> and most PBXs send it.</summary>
    public static StringContent UrlEncoded(string body) => new(body, Encoding.UTF8, "application/x-www-form-urlencoded");

    /// <summary>
    /// <c>multipart/form-data</c> written by hand, so that the boundary may be of any length (the framework's own
    /// builder refuses one over 70 characters) and the body may be empty or cut short.
    /// </summary>
    /// <param name="parts">Each part's name, file name (null for a plain field) and content.</param>
    /// <param name="cutShort">Leaves out the closing boundary and the end of the last part.</param>
    public static ByteArrayContent Multipart(string boundary, IEnumerable<(string Name, string? FileName, string Value)> parts, bool cutShort = false)
    {
        var body = new StringBuilder();
        foreach (var (name, fileName, value) in parts)
        {
            body.Append($"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"{(fileName is null ? "" : $"; filename=\"{fileName}\"")}\r\n\r\n{value}\r\n");
        }
        var text = cutShort ? body.ToString().TrimEnd('\r', '\n') : body.Append($"--{boundary}--\r\n").ToString();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={boundary}");
        return content;
    }

    /// <summary>A multipart form of plain fields.</summary>
    public static ByteArrayContent Multipart(string boundary, params (string Name, string Value)[] fields) =>
        Multipart(boundary, fields.Select(f => (f.Name, (string?)null, f.Value)));
}
