using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace CtiPush.Tests.Infrastructure;

/// <summary>
/// A real SMTP server on loopback: Debian's aiosmtpd (<c>apt-get install python3-aiosmtpd</c>) with its Maildir handler,
/// so each message it accepts is a file the test reads. Skipped where it is missing, failed under <c>CI=true</c>.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";

    private readonly Process process;
    private readonly string maildir;

    private SmtpServer(Process process, string maildir, int port) => (this.process, this.maildir, Port) = (process, maildir, port);

    public int Port { get; }

    public static async Task<SmtpServer> StartAsync()
    {
        if (!File.Exists(Python) || Process.Start(new ProcessStartInfo(Python, ["-c", "import aiosmtpd"]) { RedirectStandardError = true }) is not { } probe
            || !probe.WaitForExit(30_000) || probe.ExitCode != 0)
        {
            const string Reason = "aiosmtpd is not installed (apt-get install python3-aiosmtpd)";
            if (PostgresServer.InCi)
            {
                Assert.Fail(Reason + " (CI=true: the e-mail tests must run)");
            }
            Assert.Skip(Reason);
        }
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var maildir = Directory.CreateTempSubdirectory("ctipush-smtp").FullName;
        var process = Process.Start(new ProcessStartInfo(Python, ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", Path.Combine(maildir, "box")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var said = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, line) => { lock (said) { said.AppendLine(line.Data); } };
        process.OutputDataReceived += (_, line) => { lock (said) { said.AppendLine(line.Data); } };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var server = new SmtpServer(process, maildir, port);
        await Eventually.Until(async () =>
        {
            if (process.HasExited)
            {
                lock (said)
                {
                    Assert.Fail("aiosmtpd exited: " + said);
                }
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, "the SMTP server to listen", every: TimeSpan.FromMilliseconds(100));
        return server;
    }

    /// <summary>Every message the server accepted so far, parsed.</summary>
    public IReadOnlyList<MimeMessage> Messages
    {
        get
        {
            var folder = Path.Combine(maildir, "box", "new"); // Maildir makes box/ with new/, cur/ and tmp/, only when box/ is not there yet
            return Directory.Exists(folder) ? [.. Directory.GetFiles(folder).Order().Select(f => MimeMessage.Load(f))] : [];
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
        Directory.Delete(maildir, recursive: true);
    }
}
