namespace CtiPush.Infrastructure;

/// <summary>Section <c>Proxies</c>: the reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed.</summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxies";

    /// <summary>Addresses or CIDR networks, comma-separated (<c>10.0.0.5, 172.18.0.0/16</c>); empty: no proxy is trusted.</summary>
    public string? Trusted { get; set; }
}
