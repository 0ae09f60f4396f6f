using Booking.Api.Errors;
using Booking.Grains.Interfaces;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Booking.Api.Security;

/// <summary>
/// How big and how long a request may be (<see cref="RequestLimitOptions"/>): a body larger than
/// <see cref="RequestLimitOptions.MaxRequestBodyBytes"/> is refused with 413, at once when Content-Length says so and
/// while reading otherwise (Kestrel enforces the same limit on chunked bodies); a request running longer than
/// <see cref="RequestLimitOptions.RequestTimeout"/> is abandoned with 504. The JSON depth limit is part of the Api's JSON
/// settings (<see cref="Infrastructure.ApiJson"/>).
/// </summary>
/// <remarks>
/// An answer sent before the body was read must not break a keep-alive client's next request on the same connection
/// (RFC 9112 section 9.6). Kestrel drains an unread body after the answer (for up to 5 s) when it is within the body
/// limit, so the connection stays usable; one it cannot drain it drops. So: an oversized body of at most
/// <see cref="MaxDrainBytes"/> is refused and then drained (the limit is lifted to its length, never read by the
/// app); a larger one, and any error answer to a body of unknown length (chunked, which may exceed what Kestrel drains),
/// carries <c>Connection: close</c> so the client opens a fresh connection instead of failing.
/// </remarks>
public static class RequestLimits
{
    /// <summary>The largest oversized body drained after its 413 so the connection can be reused; larger ones close it.</summary>
    public const long MaxDrainBytes = 1024 * 1024;

    public static WebApplicationBuilder AddBookingRequestLimits(this WebApplicationBuilder builder)
    {
        // Kestrel's limit is set before the container exists; the same values are then injected.
        var limits = builder.Configuration.GetValidated<RequestLimitOptions>();
        builder.Services.AddValidatedOptions<RequestLimitOptions>(builder.Configuration);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes);
        builder.Services.AddRequestTimeouts(o => o.DefaultPolicy = new RequestTimeoutPolicy { Timeout = limits.RequestTimeout });
        return builder;
    }

    /// <summary>The body size check; early in the pipeline, so an oversized body costs nothing further.</summary>
    public static WebApplication UseRequestBodyLimit(this WebApplication app)
    {
        app.Use(BodyLimitAsync);
        return app;
    }

    private static Task BodyLimitAsync(HttpContext context, RequestDelegate next)
    {
        var max = context.RequestServices.GetRequiredService<IOptions<RequestLimitOptions>>().Value.MaxRequestBodyBytes;
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature ? feature : null;
        if (context.Request.ContentLength is { } length && length > max)
        {
            if (limit is not null && length <= MaxDrainBytes)
            {
                limit.MaxRequestBodySize = length;
            }
            else
            {
                context.Response.Headers.Connection = "close";
            }

            return Problems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, Problems.PayloadTooLarge, "Request body too large",
                $"The body may be at most {max} bytes.");
        }

        limit?.MaxRequestBodySize = max;
        if (context.Request.ContentLength is null && context.Request.Headers.TransferEncoding.Count > 0)
        {
            // OnStarting: the exception handler clears headers set earlier, and a 413 found while reading comes through it.
            context.Response.OnStarting(() =>
            {
                if (context.Response.StatusCode >= 400)
                {
                    context.Response.Headers[HeaderNames.Connection] = "close";
                }

                return Task.CompletedTask;
            });
        }

        return next(context);
    }
}
