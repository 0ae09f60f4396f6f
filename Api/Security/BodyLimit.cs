using Booking.Api.Contracts;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Booking.Api.Security;

/// <summary>
/// Refuses a body larger than <see cref="RequestLimitOptions.MaxRequestBodyBytes"/> with 413: at once when
/// Content-Length says so, and while reading otherwise (Kestrel enforces the same limit on chunked bodies).
/// </summary>
/// <remarks>
/// An answer sent before the body was read must not break a keep-alive client's next request on the same connection
/// (RFC 9112 section 9.6). Kestrel drains an unread body after the answer (for up to 5 s) when it is within the body
/// limit, so the connection stays usable; one it cannot drain it drops. So: an oversized body of at most
/// <see cref="MaxDrainBytes"/> is refused and then drained (the limit is lifted to its length, never read by the
/// app); a larger one, and any error answer to a body of unknown length (chunked, which may exceed what Kestrel drains),
/// carries <c>Connection: close</c> so the client opens a fresh connection instead of failing.
/// </remarks>
public static class BodyLimit
{
    /// <summary>The largest oversized body drained after its 413 so the connection can be reused; larger ones close it.</summary>
    public const long MaxDrainBytes = 1024 * 1024;

    public static Task Middleware(HttpContext context, RequestDelegate next)
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

            return ProblemWriter.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, Problems.PayloadTooLarge, "Request body too large",
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
