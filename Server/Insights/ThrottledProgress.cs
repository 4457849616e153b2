using System.Diagnostics;

namespace MnistBlazor.Server.Insights;

/// <summary>Reports the share of <paramref name="total"/> work done, at most four times a second.</summary>
public sealed class ThrottledProgress(double total, Action<double> report)
{
    private readonly Stopwatch sinceReport = Stopwatch.StartNew();
    private double done;

    public void Add(int count)
    {
        done += count;
        if (sinceReport.ElapsedMilliseconds > 250)
        {
            sinceReport.Restart();
            report(Math.Min(1, done / total));
        }
    }
}
