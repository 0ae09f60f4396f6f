using Booking.Grains.Interfaces;

namespace Booking.Api.Infrastructure;

/// <summary>Who may open the Orleans Dashboard at <c>/dashboard</c> (section <c>Dashboard</c>).</summary>
public sealed class DashboardAccessOptions : ISectionOptions
{
    public static string SectionName => "Dashboard";

    /// <summary>
    /// True to serve the dashboard to clients on other machines too. Default false: only this machine. The dashboard has
    /// no sign-in of its own and shows grain ids and a log stream, so put an authenticating reverse proxy in front first.
    /// </summary>
    public bool AllowRemote { get; set; }
}
