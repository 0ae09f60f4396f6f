using System.Reflection;
using System.Xml.Linq;

namespace Booking.Unit.Tests;

/// <summary>
/// House rules about what the Api may depend on: it talks to the cluster through grain interfaces only, never
/// to the database (Npgsql, which it carries at run time for Orleans' membership provider) nor to grain classes.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Api = typeof(Booking.Api.Infrastructure.OrleansClientOptions).Assembly;

    [Theory]
    [InlineData("Npgsql")]
    [InlineData("Booking.Grains")]
    // Any use of an Npgsql or grain type in Api code would add an assembly reference; ExcludeAssets="compile" on the
    // Api's Npgsql package is what normally stops that at build time, and this catches it being removed.
    public void TheApiAssemblyDoesNotReference(string forbidden)
    {
        var references = Api.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.Contains("Booking.Grains.Interfaces", references);
        Assert.DoesNotContain(forbidden, references);
    }

    [Fact]
    public void TheApiCarriesNpgsqlForRuntimeOnly()
    {
        var csproj = XDocument.Load(Path.Combine(RepositoryRoot(), "Api", "Api.csproj"));
        var npgsql = csproj.Descendants("PackageReference").Where(r => (string?)r.Attribute("Include") == "Npgsql").ToList();

        var reference = Assert.Single(npgsql);
        Assert.Equal("compile", (string?)reference.Attribute("ExcludeAssets"));
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Booking.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Booking.sln not found above " + AppContext.BaseDirectory);
    }
}
