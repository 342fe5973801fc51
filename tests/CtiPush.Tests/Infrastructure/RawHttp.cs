using System.Net.Sockets;
using System.Text;

namespace CtiPush.Tests.Infrastructure;

/// <summary>
/// HTTP/1.1 as bytes on a socket, for what <see cref="HttpClient"/> will not send: request lines with odd or
/// malformed targets, and bodies that arrive slowly. Needs the app on a real port (<c>UseKestrel(0)</c>).
/// </summary>
public static class RawHttp
{
    /// <summary>
    /// Sends <paramref name="requestLine"/> (as it is, not encoded), a Host header, <c>Connection: close</c> and a form
    /// <paramref name="body"/>; returns everything the server answered before it closed the connection.
    /// </summary>
    public static async Task<string> Send(Uri server, string requestLine, string body = "")
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        var bodyBytes = Encoding.UTF8.GetBytes(body);
        await stream.WriteAsync(Encoding.Latin1.GetBytes(
            $"{requestLine}\r\nHost: {server.Authority}\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {bodyBytes.Length}\r\n\r\n"));
        await stream.WriteAsync(bodyBytes);
        return await ReadToEnd(stream);
    }

    /// <summary>
    /// Posts <paramref name="body"/> to <paramref name="path"/> one byte every <paramref name="every"/>, as a PBX on a
    /// dying line would, until the body is sent or the server stops listening; returns what the server answered.
    /// </summary>
    public static async Task<string> Trickle(Uri server, string path, string body, TimeSpan every)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        var bodyBytes = Encoding.UTF8.GetBytes(body);
        await stream.WriteAsync(Encoding.Latin1.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {bodyBytes.Length}\r\n\r\n"));
        var answer = ReadToEnd(stream);
        foreach (var b in bodyBytes)
        {
            if (answer.IsCompleted)
            {
                break;
            }
            try
            {
                await stream.WriteAsync(new[] { b });
            }
            catch (IOException)
            {
                break; // the server closed the connection after answering
            }
            await Task.WhenAny(answer, Task.Delay(every));
        }
        return await answer;
    }

    /// <summary>Sends the head of a post with a body it never finishes, then resets the connection.</summary>
    public static async Task AbortMidBody(Uri server, string path, string partOfBody)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n{partOfBody}"));
        await stream.FlushAsync();
        client.Client.LingerState = new LingerOption(true, 0); // close with RST: the client is gone, not finished
        client.Close();
    }

    private static async Task<string> ReadToEnd(NetworkStream stream)
    {
        using var answer = new MemoryStream();
        try
        {
            await stream.CopyToAsync(answer);
        }
        catch (IOException)
        {
            // reset after the answer: what arrived is what there is
        }
        return Encoding.UTF8.GetString(answer.ToArray());
    }
}
