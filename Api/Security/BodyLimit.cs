using Booking.Api.Contracts;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Booking.Api.Security;

/// <summary>
/// Refuses a body larger than <see cref="RequestLimitOptions.MaxRequestBodyBytes"/> with 413: at once when
/// Content-Length says so, and while reading otherwise (Kestrel enforces the same limit on chunked bodies).
/// </summary>
public static class BodyLimit
{
    public static Task Middleware(HttpContext context, RequestDelegate next)
    {
        var max = context.RequestServices.GetRequiredService<IOptions<RequestLimitOptions>>().Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > max)
        {
            return ProblemWriter.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, Problems.PayloadTooLarge, "Request body too large",
                $"The body may be at most {max} bytes.");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = max;
        }

        return next(context);
    }
}
