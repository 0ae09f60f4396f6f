using Booking.Grains.Interfaces;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Booking.Api.Security;

/// <summary>Registers <see cref="TrustedProxyOptions"/> and, when it names a proxy, puts forwarded-header handling first in the pipeline.</summary>
public static class TrustedProxies
{
    public static WebApplicationBuilder AddTrustedProxies(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<TrustedProxyOptions>(builder.Configuration);
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxyOptions>>((forwarded, trusted) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = trusted.Value.ForwardLimit;

            // The framework trusts loopback by default; trust exactly what is configured instead.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in trusted.Value.Proxies())
            {
                forwarded.KnownProxies.Add(proxy);
            }

            foreach (var network in trusted.Value.Networks())
            {
                forwarded.KnownIPNetworks.Add(network);
            }
        });

        // A startup filter runs before everything Program.cs adds, so every later middleware sees the real client.
        services.AddTransient<IStartupFilter, ForwardedHeadersFirst>();
        return builder;
    }

    private sealed class ForwardedHeadersFirst(IOptions<TrustedProxyOptions> trusted) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            if (trusted.Value.IsEnabled())
            {
                app.UseForwardedHeaders();
            }

            next(app);
        };
    }
}
