using System.Globalization;

namespace MnistBlazor.Shared.IO;

/// <summary>
/// The progress of long console work counted in items (images, digits, pages): a bar with the count done, the rate
/// and the time left, redrawn in place on a terminal, or a plain line at most every <see cref="PlainLineInterval"/>
/// when the output goes to a file or a pipe; a last line with the whole time when disposed.
/// </summary>
public sealed class ConsoleProgress : IDisposable
{
    public static readonly TimeSpan PlainLineInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(250);
    private const int BarWidth = 24;

    private readonly Lock gate = new();
    private readonly TextWriter writer;
    private readonly bool inPlace;
    private readonly string label;
    private readonly long total;
    private readonly string unit;
    private readonly TimeProvider time;
    private readonly long startedAt;
    private long lastDrawnAt;
    private long done;
    private int lastLength;
    private bool finished;

    /// <param name="writer">Where the progress goes.</param>
    /// <param name="inPlace">Whether <paramref name="writer"/> is a terminal, where one line is redrawn.</param>
    /// <param name="label">What is being done ("cnn-quad on mnist-test").</param>
    /// <param name="total">How many items there are.</param>
    /// <param name="unit">What an item is, plural ("images").</param>
    public ConsoleProgress(TextWriter writer, bool inPlace, string label, long total, string unit, TimeProvider? time = null)
    {
        this.writer = writer;
        this.inPlace = inPlace;
        this.label = label;
        this.total = Math.Max(0, total);
        this.unit = unit;
        this.time = time ?? TimeProvider.System;
        startedAt = lastDrawnAt = this.time.GetTimestamp();
    }

    /// <summary>
    /// Progress on standard error, so that standard output keeps a command's results alone (a benchmark's table can be
    /// copied as it is); redrawn in place unless standard error is redirected.
    /// </summary>
    public static ConsoleProgress OnStandardError(string label, long total, string unit) =>
        new(Console.Error, !Console.IsErrorRedirected, label, total, unit);

    /// <summary>Counts <paramref name="count"/> more items done, and shows it when it is time to.</summary>
    public void Advance(long count = 1)
    {
        lock (gate)
        {
            if (finished)
            {
                return;
            }

            done = Math.Min(total, done + count);
            var now = time.GetTimestamp();
            if (time.GetElapsedTime(lastDrawnAt, now) < (inPlace ? RedrawInterval : PlainLineInterval))
            {
                return;
            }

            lastDrawnAt = now;
            Draw(Describe(label, done, total, unit, time.GetElapsedTime(startedAt, now), withBar: inPlace), endLine: !inPlace);
        }
    }

    /// <summary>Ends the progress with a line of what was done and how long it took.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (finished)
            {
                return;
            }

            finished = true;
            var elapsed = time.GetElapsedTime(startedAt);
            Draw(string.Create(CultureInfo.InvariantCulture,
                $"{label}: {done}/{total} {unit} in {Duration(elapsed.TotalSeconds)}, {Rate(done, elapsed)} {unit}/s"), endLine: true);
        }
    }

    /// <summary>"label [██████░░░░] 45% 450/999 digits, 2.1 digits/s, ETA 04:21": a progress line, with or without its bar.</summary>
    public static string Describe(string label, long done, long total, string unit, TimeSpan elapsed, bool withBar)
    {
        var share = total == 0 ? 1 : (double)done / total;
        var filled = (int)Math.Round(share * BarWidth);
        var bar = withBar ? $" [{new string('█', filled)}{new string('░', BarWidth - filled)}]" : "";
        double? secondsLeft = done == 0 ? null : elapsed.TotalSeconds / done * (total - done);
        return string.Create(CultureInfo.InvariantCulture,
            $"{label}{bar} {share * 100:0}% {done}/{total} {unit}, {Rate(done, elapsed)} {unit}/s, ETA {Duration(secondsLeft)}");
    }

    /// <summary>"04:21", or "1:04:21" from an hour on; "--:--" when not known yet.</summary>
    public static string Duration(double? seconds)
    {
        if (seconds is not { } value || double.IsNaN(value) || double.IsInfinity(value))
        {
            return "--:--";
        }

        var span = TimeSpan.FromSeconds(Math.Round(Math.Max(0, value)));
        return span.TotalHours >= 1
            ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
            : span.ToString(@"mm\:ss", CultureInfo.InvariantCulture);
    }

    private static string Rate(long done, TimeSpan elapsed)
    {
        var perSecond = elapsed > TimeSpan.Zero ? done / elapsed.TotalSeconds : 0;
        return perSecond.ToString(perSecond >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture);
    }

    private void Draw(string line, bool endLine)
    {
        if (inPlace)
        {
            // Spaces over what is left of a longer line drawn before.
            writer.Write('\r' + line.PadRight(lastLength));
            lastLength = line.Length;
            if (endLine)
            {
                writer.WriteLine();
                lastLength = 0;
            }
        }
        else
        {
            writer.WriteLine(line);
        }

        writer.Flush();
    }
}
