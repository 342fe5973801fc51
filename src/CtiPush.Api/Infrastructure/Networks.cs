using System.Net;

namespace CtiPush.Infrastructure;

/// <summary>Address lists as configuration writes them.</summary>
public static class Networks
{
    /// <summary><c>203.0.113.0/24, 198.51.100.7</c> as networks (an address is a network of one); null if any part is neither.</summary>
    public static IPNetwork[]? Parse(string? text)
    {
        var parts = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var parsed = new List<IPNetwork>();
        foreach (var part in parts)
        {
            if (IPNetwork.TryParse(part, out var network))
            {
                parsed.Add(network);
            }
            else if (IPAddress.TryParse(part, out var address))
            {
                parsed.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                return null;
            }
        }
        return parsed.Count > 0 ? [.. parsed] : null;
    }
}
