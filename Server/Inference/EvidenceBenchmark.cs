using System.Diagnostics;
using System.Globalization;
using MnistBlazor.Client.Insights;
using MnistBlazor.Client.Layers;
using MnistBlazor.Shared.Evidence;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Server.Inference;

/// <summary>
/// <c>MnistBlazor.Server evidence-benchmark [--iterations N] [--patch N] [--stride N]</c>: times the draw page's
/// views of one drawn digit and prints percentiles: the evidence maps of every ready model and the ensemble
/// (<see cref="OcclusionExplainer"/>, as the page runs it), then the layer views of every ready CNN
/// (<see cref="LayerViewer"/>, each model's views read and encoded as the page shows them).
/// </summary>
public static class EvidenceBenchmark
{
    public const string Verb = "evidence-benchmark";

    public static int Run(IServiceProvider services, IReadOnlyList<string> args, TextWriter output)
    {
        if (InferenceBenchmark.ReadIterations(args, 100, output) is not { } iterations)
        {
            return 2;
        }

        var registry = services.GetRequiredService<ModelRegistry>();
        if (InferenceBenchmark.ReportReady(registry.Statuses, services, output) is not { } ready)
        {
            return 1;
        }

        if (ReadGrid(args, output) is not { } grid)
        {
            return 2;
        }

        var explainer = new OcclusionExplainer(registry, services.GetRequiredService<ILogger<OcclusionExplainer>>()) { Grid = grid };
        var image = InferenceBenchmark.SampleImage();
        var batch = OcclusionBatch.For(image, explainer.Grid);
        for (var i = 0; i < 5; i++)
        {
            explainer.Explain(image, CancellationToken.None); // warm-up: first runs allocate and optimise
        }

        var totals = new double[iterations];
        var perModel = ready.Append(ModelCatalog.EnsembleId).ToDictionary(id => id, _ => new double[iterations]);
        for (var i = 0; i < iterations; i++)
        {
            var watch = Stopwatch.StartNew();
            var evidence = explainer.Explain(image, CancellationToken.None);
            foreach (var model in evidence.Models)
            {
                model.Evidence?.MapFor(model.Evidence.PredictedDigit); // the map the card shows
            }

            totals[i] = watch.Elapsed.TotalMilliseconds;
            foreach (var model in evidence.Models.Where(m => perModel.ContainsKey(m.ModelId)))
            {
                perModel[model.ModelId][i] = model.Time.TotalMilliseconds;
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Iterations: {iterations}; {explainer.Grid.PatchSide}x{explainer.Grid.PatchSide} patches every {explainer.Grid.Stride} pixels: " +
            $"{batch.PatchIndexes.Count} of {explainer.Grid.Patches.Count} patches hold ink, {batch.ImageCount} images per model in one run; " +
            $"on {Environment.ProcessorCount} logical cores ({Environment.OSVersion})"));
        output.WriteLine(InferenceBenchmark.Header);
        foreach (var (id, times) in perModel)
        {
            output.WriteLine(InferenceBenchmark.Row(id == ModelCatalog.EnsembleId ? "ensemble (members' sum)" : id, times));
        }

        output.WriteLine(InferenceBenchmark.Row("all maps", totals));
        MeasureSpread(services, explainer, output);
        output.WriteLine();
        TimeLayerViews(services, registry, ready, image, iterations, output);
        return 0;
    }

    /// <summary>The MNIST test images whose maps <see cref="MeasureSpread"/> reads.</summary>
    private const int SpreadImages = 200;

    /// <summary>
    /// How much of the ink each card's map colours: over the first <see cref="SpreadImages"/> MNIST test images, the
    /// mean share of a digit's inked pixels whose evidence is at least a tenth of its map's largest (a map that one patch
    /// dominates colours little else), and the share of maps with some ink against the answer.
    /// </summary>
    private static void MeasureSpread(IServiceProvider services, OcclusionExplainer explainer, TextWriter output)
    {
        var testSet = services.GetService<IMnistTestSet>();
        if (testSet?.Images is not { } mnist)
        {
            output.WriteLine($"How much of the ink the maps colour: not measured, {testSet?.UnavailableReason ?? "no MNIST test set"}");
            return;
        }

        var count = Math.Min(SpreadImages, mnist.Count);
        var (coloured, against, maps) = (new Dictionary<string, double>(), new Dictionary<string, int>(), new Dictionary<string, int>());
        for (var i = 0; i < count; i++)
        {
            var image = mnist.ImageAsFloats(i);
            var inked = image.Count(p => p > 0);
            foreach (var model in explainer.Explain(image, CancellationToken.None).Models.Where(m => m.Evidence is not null))
            {
                var map = model.Evidence!.MapFor(model.Evidence.PredictedDigit);
                var strong = map.Values.Count(v => Math.Abs(v) >= 0.1f * map.LargestChange && map.LargestChange > 0);
                coloured[model.ModelId] = coloured.GetValueOrDefault(model.ModelId) + strong / (double)inked;
                against[model.ModelId] = against.GetValueOrDefault(model.ModelId) + (map.Values.Any(v => v <= -0.1f * map.LargestChange && map.LargestChange > 0) ? 1 : 0);
                maps[model.ModelId] = maps.GetValueOrDefault(model.ModelId) + 1;
            }
        }

        var perModel = maps.Keys.Select(id => string.Create(CultureInfo.InvariantCulture,
            $"{id} {coloured[id] / maps[id]:0%} of the ink, some against it in {against[id] / (double)maps[id]:0%} of the maps"));
        output.WriteLine($"How much of the ink the maps colour, over the first {count} MNIST test images (each model's map for its own answer): {string.Join("; ", perModel)}");
    }

    /// <summary>Time to views per CNN: its extra outputs run and turned into views, and their images encoded as the page does.</summary>
    private static void TimeLayerViews(IServiceProvider services, ModelRegistry registry, string[] ready, float[] image, int iterations, TextWriter output)
    {
        var viewer = new LayerViewer(registry, services.GetRequiredService<ILogger<LayerViewer>>());
        var convolutional = ready.Where(id => ModelCatalog.Get(id).IsConvolutional).ToArray();
        foreach (var modelId in convolutional)
        {
            var layers = viewer.ViewModel(modelId, image, CancellationToken.None);
            output.WriteLine($"Layer views of {modelId}: {layers.Reason ?? $"{layers.Blocks.Count} image blocks, {layers.QuadrantBlocks.Count} quadrant blocks"}"
                + (layers.Notice is null ? "" : $" ({layers.Notice})"));
            for (var i = 0; i < 4; i++)
            {
                viewer.ViewModel(modelId, image, CancellationToken.None); // warm-up
            }
        }

        var totals = new double[iterations];
        var perModel = convolutional.ToDictionary(id => id, _ => new double[iterations]);
        for (var i = 0; i < iterations; i++)
        {
            foreach (var modelId in convolutional)
            {
                var watch = Stopwatch.StartNew();
                var layers = viewer.ViewModel(modelId, image, CancellationToken.None);
                foreach (var map in layers.Blocks.Concat(layers.QuadrantBlocks).SelectMany(b => b.Strongest).Concat(layers.Quadrants))
                {
                    FeatureMapPng.DataUrls(map); // the images the card shows
                }

                perModel[modelId][i] = watch.Elapsed.TotalMilliseconds;
                totals[i] += perModel[modelId][i];
            }
        }

        output.WriteLine($"Layer views, one model after the other as the page reads them; iterations: {iterations}");
        output.WriteLine(InferenceBenchmark.Header);
        foreach (var (id, times) in perModel)
        {
            output.WriteLine(InferenceBenchmark.Row(id, times));
        }

        output.WriteLine(InferenceBenchmark.Row("all layer views", totals));
    }

    /// <summary><c>--patch N --stride M</c> (the server's grid without them); null (said on <paramref name="output"/>) when invalid.</summary>
    private static OcclusionGrid? ReadGrid(IReadOnlyList<string> args, TextWriter output)
    {
        var patch = OcclusionGrid.Default.PatchSide;
        var stride = OcclusionGrid.Default.Stride;
        for (var i = 0; i < args.Count - 1; i++)
        {
            if ((args[i] == "--patch" && !int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out patch))
                || (args[i] == "--stride" && !int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out stride)))
            {
                output.WriteLine($"{args[i]} needs a whole number of pixels; got '{args[i + 1]}'.");
                return null;
            }
        }

        try
        {
            return new OcclusionGrid(patch, stride);
        }
        catch (ArgumentOutOfRangeException e)
        {
            output.WriteLine(e.Message);
            return null;
        }
    }
}
