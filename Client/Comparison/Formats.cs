using System.Globalization;

namespace MnistBlazor.Client.Comparison;

/// <summary>How the comparison shows numbers: short, invariant, a dash when unknown.</summary>
public static class Formats
{
    public const string Unknown = "—";

    public static string Count(long? value) => value switch
    {
        null => Unknown,
        >= 1_000_000 => (value.Value / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + " M",
        >= 1_000 => (value.Value / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + " k",
        _ => value.Value.ToString(CultureInfo.InvariantCulture),
    };

    public static string Bytes(long? value) => value switch
    {
        null => Unknown,
        >= 1 << 20 => (value.Value / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
        >= 1 << 10 => (value.Value / 1024.0).ToString("0", CultureInfo.InvariantCulture) + " KB",
        _ => value.Value.ToString(CultureInfo.InvariantCulture) + " B",
    };

    public static string Accuracy(double? value) =>
        value is { } accuracy ? (accuracy * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %" : Unknown;

    public static string Duration(double? seconds)
    {
        if (seconds is not { } value)
        {
            return Unknown;
        }

        var time = TimeSpan.FromSeconds(Math.Round(value));
        return time.TotalHours >= 1 ? $"{(int)time.TotalHours} h {time.Minutes:00} min"
            : time.TotalMinutes >= 1 ? $"{time.Minutes} min {time.Seconds:00} s"
            : $"{time.Seconds} s";
    }

    public static string Latency(TimeSpan? time) =>
        time is { } value
            ? value.TotalMilliseconds.ToString(value.TotalMilliseconds < 1 ? "0.000" : value.TotalMilliseconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms"
            : Unknown;
}
