using System.Net;
using System.Net.Sockets;

namespace CtiPush.Notifications;

/// <summary>
/// Which addresses a receiver may have: none of the service's own network (loopback, link-local — cloud metadata —,
/// private and carrier-grade NAT ranges, unique local IPv6, multicast, unspecified) unless
/// <c>Webhooks:AllowPrivateNetworks</c>. Checked when a subscription is saved and again on every connection, after
/// DNS, so a name that later resolves inward is refused too.
/// </summary>
public static class ReceiverAddresses
{
    private static readonly IPNetwork[] Inward =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("100.64.0.0/10"), IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.0.0.0/24"), IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"), IPNetwork.Parse("224.0.0.0/3"),
        IPNetwork.Parse("::/128"), IPNetwork.Parse("::1/128"), IPNetwork.Parse("fc00::/7"), IPNetwork.Parse("fe80::/10"), IPNetwork.Parse("ff00::/8"),
    ];

    /// <summary>An address of the service's own network, not of the internet.</summary>
    public static bool IsInward(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        return Inward.Any(network => network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address));
    }

    /// <summary>
    /// Connects to <paramref name="host"/> on the first address it resolves to that may be used; throws
    /// <see cref="RefusedAddressException"/> when every address is inward and inward addresses are not allowed.
    /// </summary>
    public static async Task<Socket> ConnectAsync(string host, int port, bool allowPrivate, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var usable = allowPrivate ? addresses : [.. addresses.Where(a => !IsInward(a))];
        if (usable.Length == 0)
        {
            throw new RefusedAddressException(addresses.Length == 0 ? "the receiver's host has no address" : "the receiver's address is in a private network");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(usable, port, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Why <paramref name="url"/> may not be a receiver, in words for a 422; null when it may.</summary>
    public static async Task<string?> ProblemAsync(string? url, bool allowPrivate, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            return "must be an absolute http or https URL.";
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "must not carry a user name or password.";
        }
        if (allowPrivate)
        {
            return null;
        }
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.Host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.DnsSafeHost, cancellationToken);
        }
        catch (SocketException)
        {
            return null; // not resolvable now; checked again when it is sent to
        }
        return addresses.Any(IsInward)
            ? "must not point into a private network (loopback, link-local or private addresses); set Webhooks:AllowPrivateNetworks to allow it."
            : null;
    }
}
