namespace Booking.Api.Security;

/// <summary>
/// Headers on every answer: no MIME sniffing, no framing, no referrer, and a content security policy. The
/// strict one fits a Vite-built React app served from <c>/</c> that calls <c>/api</c> and a SignalR hub under
/// <c>/hubs/</c> over WebSocket on the same origin (<c>'self'</c> covers ws:/wss: of the same host). The API
/// reference (<c>/scalar</c>) and the dashboard (<c>/dashboard</c>) run inline scripts and styles, so they get a
/// relaxed one.
/// </summary>
public static class SecurityHeaders
{
    public const string StrictPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public const string RelaxedPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline' https://fonts.scalar.com; " +
        "img-src 'self' data: blob:; font-src 'self' data: https://fonts.scalar.com; connect-src 'self'; worker-src 'self' blob:; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Sets the headers on every answer from here on: first in the pipeline, after the exception handler.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use(Middleware);
        return app;
    }

    private static Task Middleware(HttpContext context, RequestDelegate next)
    {
        // OnStarting: the exception handler clears headers set earlier, and every answer must carry these.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers.ContentSecurityPolicy = IsRelaxed(context.Request.Path) ? RelaxedPolicy : StrictPolicy;
            return Task.CompletedTask;
        });
        return next(context);
    }

    private static bool IsRelaxed(PathString path) =>
        path.StartsWithSegments("/scalar", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/dashboard", StringComparison.OrdinalIgnoreCase);
}
