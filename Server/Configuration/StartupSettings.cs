using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace MnistBlazor.Server.Configuration;

/// <summary>
/// Checks every setting that is validated at start (<c>ValidateOnStart</c>) before the server starts, so that a bad
/// value stops it with one line per problem naming the key and what it accepts, instead of a stack trace.
/// </summary>
public static partial class StartupSettings
{
    /// <summary>The exit code of a start refused for its settings.</summary>
    public const int ExitCode = 1;

    /// <summary>
    /// What is wrong with the settings the <paramref name="services"/> about to be built validate at start, one sentence
    /// per problem; empty when they are all acceptable. The check runs on a provider of its own, which only binds and
    /// validates the settings and is thrown away, so that a problem is found before the server builds anything.
    /// </summary>
    public static IReadOnlyList<string> Problems(IServiceCollection services)
    {
        try
        {
            using var settingsOnly = services.BuildServiceProvider();
            settingsOnly.GetService<IStartupValidator>()?.Validate();
            return [];
        }
        catch (Exception e) when (Describe(e) is { } problems)
        {
            return problems;
        }
    }

    /// <summary>
    /// The problems with the settings that <paramref name="exception"/> reports (a value out of its range, or one that
    /// cannot be read as its type), one sentence each; null when it reports something else.
    /// </summary>
    public static IReadOnlyList<string>? Describe(Exception exception) => exception switch
    {
        OptionsValidationException invalid => invalid.Failures.Select(Sentence).ToArray(),
        AggregateException { InnerExceptions: var inner } when inner.All(e => e is OptionsValidationException) =>
            inner.Cast<OptionsValidationException>().SelectMany(e => e.Failures).Select(Sentence).ToArray(),
        InvalidOperationException { Message: var message } when ConversionFailure().Match(message) is { Success: true } failure =>
            [Conversion(failure.Groups["key"].Value, failure.Groups["value"].Value, failure.Groups["type"].Value)],
        _ => null,
    };

    /// <summary>Writes each problem as an error line, and where to read about the settings; returns <see cref="ExitCode"/>.</summary>
    public static int Refuse(IReadOnlyList<string> problems, TextWriter error)
    {
        foreach (var problem in problems)
        {
            error.WriteLine($"error: {problem}");
        }

        error.WriteLine("The server did not start; docs/configuration.md lists every setting and what it accepts.");
        return ExitCode;
    }

    /// <summary>A DataAnnotations failure is "... with the error: '&lt;our message, which names the key&gt;'."; others stay as they are.</summary>
    private static string Sentence(string failure) =>
        DataAnnotationsFailure().Match(failure) is { Success: true } match ? match.Groups["message"].Value : failure;

    private static string Conversion(string key, string value, string typeName)
    {
        var type = Type.GetType(typeName) ?? AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(typeName)).FirstOrDefault(t => t is not null);
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        var accepted = type switch
        {
            null => null,
            { IsEnum: true } => $"one of: {string.Join(", ", Enum.GetNames(type))}",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(TimeSpan) => "a time span such as 00:00:30 (hours:minutes:seconds) or 1.00:00:00 (a day)",
            _ when type == typeof(int) || type == typeof(long) => "a whole number",
            _ when type == typeof(double) || type == typeof(float) => "a number",
            _ => null,
        };
        return accepted is null
            ? $"{key} is '{value}', which cannot be read as {typeName}."
            : $"{key} is '{value}'; it must be {accepted}.";
    }

    [GeneratedRegex("with the error: '(?<message>.*)'\\.$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationsFailure();

    [GeneratedRegex("^Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']*)' to type '(?<type>[^']*)'\\.", RegexOptions.Singleline)]
    private static partial Regex ConversionFailure();
}
