using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace CtiPush.Infrastructure;

/// <summary>
/// Behind a reverse proxy the client's address and scheme come from forwarded headers, but only from a configured
/// proxy: anyone else could write them and pass a PBX's address allow-list or dodge the rate limits.
/// </summary>
public static class Proxies
{
    public static IHostApplicationBuilder AddCtiPushProxies(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section)
            .Validate(proxies => string.IsNullOrWhiteSpace(proxies.Trusted) || Networks.Parse(proxies.Trusted) is not null,
                "Proxies:Trusted must be addresses or CIDR networks, comma-separated (10.0.0.5, 172.18.0.0/16).")
            .ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxies) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear(); // not even loopback, unless configured
            foreach (var network in Networks.Parse(proxies.Value.Trusted) ?? [])
            {
                forwarded.KnownIPNetworks.Add(network);
            }
        });
        return builder;
    }

    public static WebApplication UseCtiPushProxies(this WebApplication app)
    {
        // Without a configured proxy the headers are not read at all: not even loopback may forward. Asked per
        // request (the options are cached), so an invalid setting is refused at start, not while building the pipeline.
        app.UseWhen(
            context => !string.IsNullOrWhiteSpace(context.RequestServices.GetRequiredService<IOptions<ProxyOptions>>().Value.Trusted),
            proxied => proxied.UseForwardedHeaders());
        return app;
    }
}
