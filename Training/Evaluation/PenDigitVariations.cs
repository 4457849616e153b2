using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.IO;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.PenDigits;
using MnistBlazor.Shared.Records;
using MnistBlazor.Training.Data;
using MnistBlazor.Training.Loop;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Evaluation;

/// <summary>
/// Each model's accuracy on a set of pen digits as written and as each <see cref="PenDigitVariation.Standard"/>
/// variation writes them (<c>evaluate --pen-digits FILE --variations</c>).
/// </summary>
/// <param name="Variations">The variations, <see cref="PenDigitVariation.AsWritten"/> first.</param>
/// <param name="Models">The models' ids, in the order asked for.</param>
/// <param name="Accuracy">Each model's accuracy on each variation, in the order of <paramref name="Variations"/>.</param>
public sealed record PenDigitVariations(
    IReadOnlyList<PenDigitVariation> Variations, IReadOnlyList<string> Models, IReadOnlyDictionary<string, IReadOnlyList<VariationAccuracy>> Accuracy)
{
    /// <summary>
    /// Writes every digit each way and runs each model on them, one variation at a time (so memory holds one
    /// variation's images whatever the file's size); each ensemble member runs once however many of
    /// <paramref name="models"/> need it.
    /// </summary>
    public static PenDigitVariations Measure(
        IReadOnlyList<string> models, string modelsDirectory, PenDigitSet set, Device device, Func<long, ConsoleProgress>? startProgress = null)
    {
        var variations = PenDigitVariation.Standard;
        var specs = models
            .SelectMany(id => id == ModelCatalog.EnsembleId ? Ensemble.Members : [ModelCatalog.Get(id)])
            .DistinctBy(spec => spec.Id)
            .ToArray();
        var loaded = new List<(string Id, nn.Module<Tensor, Tensor> Model)>();
        try
        {
            foreach (var spec in specs)
            {
                loaded.Add((spec.Id, ModelStore.LoadTrained(ModelFiles.For(modelsDirectory, spec), device)));
            }

            using var progress = startProgress?.Invoke((long)variations.Count * set.Digits.Count * specs.Length);
            var accuracy = models.ToDictionary(id => id, _ => new List<VariationAccuracy>());
            foreach (var variation in variations)
            {
                var images = set.Render(variation);
                using var input = ImageTensors.Images(images);
                var probabilities = loaded.ToDictionary(
                    m => m.Id,
                    m => Predictor.Probabilities(m.Model, input, device, imagesDone: progress is null ? null : progress.Advance));
                if (models.Contains(ModelCatalog.EnsembleId))
                {
                    probabilities[ModelCatalog.EnsembleId] = Ensemble.Average(Ensemble.Members.Select(m => probabilities[m.Id]).ToArray());
                }

                foreach (var id in models)
                {
                    var metrics = TestMetrics.Compute(id, variation.Name, images.Labels!, probabilities[id], DateTimeOffset.UtcNow);
                    accuracy[id].Add(new VariationAccuracy(variation.Name, metrics.Accuracy));
                }
            }

            return new PenDigitVariations(variations, models, accuracy.ToDictionary(p => p.Key, p => (IReadOnlyList<VariationAccuracy>)p.Value));
        }
        finally
        {
            foreach (var (_, model) in loaded)
            {
                model.Dispose();
            }
        }
    }

    /// <summary>
    /// A table: a line per variation, a column per model, each accuracy beside its change from the digits as written
    /// in points; then the mean over the variations.
    /// </summary>
    public void WriteTo(TextWriter writer)
    {
        var labelWidth = Math.Max(Variations.Max(v => v.Description.Length), MeanLabel.Length) + 2;
        writer.WriteLine("the same digits written differently (accuracy, and in brackets its change from as written in points):");
        writer.WriteLine(("".PadRight(labelWidth) + string.Concat(Models.Select(id => id.PadRight(ColumnWidth)))).TrimEnd());
        for (var v = 0; v < Variations.Count; v++)
        {
            writer.WriteLine((Variations[v].Description.PadRight(labelWidth) + string.Concat(Models.Select(id =>
                Cell(Accuracy[id][v].Accuracy, v == 0 ? null : Accuracy[id][v].Accuracy - Accuracy[id][0].Accuracy)))).TrimEnd());
        }

        writer.WriteLine((MeanLabel.PadRight(labelWidth) + string.Concat(Models.Select(id =>
        {
            var mean = VariationAccuracy.MeanOfChanged(Accuracy[id]);
            return Cell(mean, mean - Accuracy[id][0].Accuracy);
        }))).TrimEnd());
    }

    private const int ColumnWidth = 17;
    private const string MeanLabel = "mean of the variations";

    private static string Cell(double accuracy, double? change) =>
        (change is { } c
            ? FormattableString.Invariant($"{accuracy:F4} ({(c >= 0 ? "+" : "-")}{Math.Abs(c) * 100:F2})")
            : FormattableString.Invariant($"{accuracy:F4}")).PadRight(ColumnWidth);
}
