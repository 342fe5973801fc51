using Microsoft.AspNetCore.HttpOverrides;

namespace CtiPush.Infrastructure;

/// <summary>Section <c>Proxies</c>: the reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed.</summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxies";

    /// <summary>Addresses or CIDR networks, comma-separated (<c>10.0.0.5, 172.18.0.0/16</c>); empty: no proxy is trusted.</summary>
    public string? Trusted { get; set; }
}

/// <summary>
/// Behind a reverse proxy the client's address and scheme come from forwarded headers, but only from a configured
/// proxy: anyone else could write them and pass a PBX's address allow-list or dodge the rate limits.
/// </summary>
public static class Proxies
{
    public static IHostApplicationBuilder AddCtiPushProxies(this IHostApplicationBuilder builder)
    {
        var trusted = builder.Configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>()?.Trusted;
        if (string.IsNullOrWhiteSpace(trusted))
        {
            return builder;
        }
        var networks = Push.PbxGuard.ParseNetworks(trusted)
            ?? throw new InvalidOperationException("Proxies:Trusted must be addresses or CIDR networks, comma-separated (10.0.0.5, 172.18.0.0/16).");
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear(); // not even loopback, unless configured
            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(network);
            }
        });
        return builder;
    }

    public static WebApplication UseCtiPushProxies(this WebApplication app)
    {
        if (!string.IsNullOrWhiteSpace(app.Configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>()?.Trusted))
        {
            app.UseForwardedHeaders();
        }
        return app;
    }
}
