using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using System.ComponentModel.DataAnnotations;

namespace Booking.Grains.Interfaces;

/// <summary>An options class bound from one configuration section.</summary>
public interface ISectionOptions
{
    /// <summary>The section the class is bound from, e.g. <c>RateLimit</c>; empty for keys at the root of the configuration.</summary>
    static abstract string SectionName { get; }
}

/// <summary>
/// The one way the Api and the silos bind and validate their options: the class's section
/// (<see cref="ISectionOptions.SectionName"/>), then its data annotations and <see cref="IValidatableObject"/> rules, each
/// failure naming its full key (<c>RateLimit:Window: ...</c>). <see cref="AddValidatedOptions{T}"/> registers a class for
/// injection and checks it when the host starts; <see cref="GetValidated{T}"/> does the same at once, for the few values
/// needed before the container exists (ports, the Orleans client). It lives here because both processes reference this
/// assembly; it needs only Microsoft.Extensions.Options and Configuration, which the Orleans SDK brings.
/// </summary>
public static class ValidatedOptions
{
    /// <summary>Binds <typeparamref name="T"/> from its section of <paramref name="configuration"/>; an invalid value stops the host's start.</summary>
    public static IServiceCollection AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration)
        where T : class, ISectionOptions
    {
        services.AddOptions<T>().Bind(Section<T>(configuration)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>, Validation<T>>());
        return services;
    }

    /// <summary>Binds and validates <typeparamref name="T"/> now.</summary>
    /// <exception cref="OptionsValidationException">A value is out of its range; the message names the key.</exception>
    public static T GetValidated<T>(this IConfiguration configuration)
        where T : class, ISectionOptions, new()
    {
        var options = new T();
        Section<T>(configuration).Bind(options);
        var failures = Failures(options);
        return failures.Count == 0 ? options : throw new OptionsValidationException(Options.DefaultName, typeof(T), failures);
    }

    private static IConfiguration Section<T>(IConfiguration configuration)
        where T : ISectionOptions =>
        T.SectionName.Length == 0 ? configuration : configuration.GetSection(T.SectionName);

    private static List<string> Failures<T>(T options)
        where T : class, ISectionOptions
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => Describe(T.SectionName, r))];
    }

    /// <summary>The failure with its full key in front, unless its message starts with it already.</summary>
    private static string Describe(string section, ValidationResult result)
    {
        var key = string.Join(", ", result.MemberNames.Select(member => section.Length == 0 ? member : $"{section}:{member}"));
        var message = result.ErrorMessage ?? "is not valid.";
        return key.Length == 0 || message.StartsWith(key, StringComparison.Ordinal) ? message : $"{key}: {message}";
    }

    private sealed class Validation<T> : IValidateOptions<T>
        where T : class, ISectionOptions
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            Failures(options) is { Count: > 0 } failures ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
