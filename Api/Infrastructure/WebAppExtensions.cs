using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Booking.Api.Infrastructure;

/// <summary>
/// Serves the built web app (<c>web/dist</c>, copied to <c>webapp/</c> beside the binary) at <c>/</c>: its files,
/// and <c>index.html</c> for any other path the browser router owns. Paths of the Api itself never fall back.
/// </summary>
public static class WebAppExtensions
{
    /// <summary>The folder beside the binary that holds the built web app (the Api's build and its Docker image put it there).</summary>
    public const string Folder = "webapp";

    private static readonly string[] _serverPrefixes = ["/api", "/hubs", "/health", "/openapi", "/scalar", "/metrics", "/dashboard"];

    public static WebApplication MapBookingWebApp(this WebApplication app)
    {
        // Beside the binary, whatever the content root (a test host moves it); without a built app, nothing is served.
        var folder = Path.Combine(AppContext.BaseDirectory, Folder);
        IFileProvider files = Directory.Exists(folder) ? new PhysicalFileProvider(folder) : new NullFileProvider();
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                // Vite names assets by content hash: they never change. index.html must be revalidated.
                context.Context.Response.Headers[HeaderNames.CacheControl] =
                    context.Context.Request.Path.StartsWithSegments("/assets") ? "public, max-age=31536000, immutable" : "no-cache";
            },
        });
        // GET and HEAD only: for any other method routing must still answer as it did (405, 415, 400), not fall back.
        app.MapFallback(context => ServeIndexAsync(context, files))
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]))
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>True for paths that belong to the server, never to the web app's router.</summary>
    public static bool IsServerPath(PathString path) => _serverPrefixes.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    private static async Task ServeIndexAsync(HttpContext context, IFileProvider files)
    {
        var index = files.GetFileInfo("index.html");
        if (IsServerPath(context.Request.Path) || !index.Exists)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers[HeaderNames.CacheControl] = "no-cache";
        await context.Response.SendFileAsync(index, context.RequestAborted);
    }
}
