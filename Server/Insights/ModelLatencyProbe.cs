using System.Diagnostics;
using MnistBlazor.Client.Insights;
using MnistBlazor.Server.Inference;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Server.Insights;

/// <summary>
/// Each loaded model's median single-image latency in this server, measured once per version of its file on a core
/// taken as background work (<see cref="InferenceCores"/>); the ensemble's is the sum of its members'.
/// </summary>
public sealed class ModelLatencyProbe(ModelRegistry registry, IMnistTestSet testSet, InferenceCores cores)
{
    public const int Samples = 21;

    private readonly Lock gate = new();
    private readonly Dictionary<string, (FileStamp Stamp, TimeSpan Median)> medians = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, TimeSpan> MedianLatency
    {
        get
        {
            lock (gate)
            {
                var result = medians.ToDictionary(p => p.Key, p => p.Value.Median, StringComparer.Ordinal);
                var members = Ensemble.Members.Where(m => result.ContainsKey(m.Id)).ToArray();
                if (members.Length > 0)
                {
                    result[ModelCatalog.EnsembleId] = TimeSpan.FromTicks(members.Sum(m => result[m.Id].Ticks));
                }

                return result;
            }
        }
    }

    /// <summary>Measures every loaded model whose file is new since its last measurement; forgets models no longer loaded.</summary>
    public async Task MeasureAsync()
    {
        var images = SampleImages();
        foreach (var spec in ModelCatalog.All)
        {
            var model = registry.Acquire(spec.Id);
            if (model is null)
            {
                lock (gate)
                {
                    medians.Remove(spec.Id);
                }

                continue;
            }

            try
            {
                lock (gate)
                {
                    if (medians.TryGetValue(spec.Id, out var known) && known.Stamp == model.Stamp)
                    {
                        continue;
                    }
                }

                var times = new double[Samples];
                using (await cores.ForBackgroundAsync(CancellationToken.None))
                {
                    model.Predict(images[0]); // warm-up
                    for (var i = 0; i < times.Length; i++)
                    {
                        var watch = Stopwatch.StartNew();
                        model.Predict(images[i % images.Length]);
                        times[i] = watch.Elapsed.TotalMilliseconds;
                    }
                }

                Array.Sort(times);
                lock (gate)
                {
                    medians[spec.Id] = (model.Stamp, TimeSpan.FromMilliseconds(times[times.Length / 2]));
                }
            }
            finally
            {
                model.Release();
            }
        }
    }

    /// <summary>MNIST test images spread over the set; without the set, one vertical stroke.</summary>
    private float[][] SampleImages()
    {
        if (testSet.Images is { Count: > 0 } images)
        {
            return Enumerable.Range(0, Math.Min(Samples, images.Count)).Select(i => images.ImageAsFloats(i * 37 % images.Count)).ToArray();
        }

        var stroke = new float[MnistGeometry.PixelCount];
        for (var row = 4; row < 24; row++)
        {
            stroke[row * MnistGeometry.Side + 14] = 1;
        }

        return [stroke];
    }
}
