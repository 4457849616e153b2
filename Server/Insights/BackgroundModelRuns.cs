using MnistBlazor.Client.Insights;
using MnistBlazor.Server.Inference;
using MnistBlazor.Server.Security;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Server.Insights;

/// <summary>
/// What the comparison page's measurements share: the served models, leased while they run; running a model over a
/// set of images in small batches, each on a core taken as background work (<see cref="InferenceCores"/>), so that
/// classifications people wait for go first; and whether a training asks them to wait.
/// </summary>
/// <param name="waitsForTraining">Whether a training writes the models now (then what is stale waits for its end).</param>
public sealed class BackgroundModelRuns(ModelRegistry registry, InferenceCores cores, Func<bool> waitsForTraining)
{
    /// <summary>Images per run: small, so a core held in the background is soon handed to a waiting request.</summary>
    public const int BatchSize = 25;

    public string ModelsDirectory => registry.ModelsDirectory;

    public bool WaitsForTraining() => waitsForTraining();

    /// <summary>Leases each of <paramref name="specs"/> that is loaded now; the caller releases them.</summary>
    public IReadOnlyList<LoadedModel> Acquire(IEnumerable<ModelSpec> specs) =>
        specs.Select(spec => registry.Acquire(spec.Id)).OfType<LoadedModel>().ToArray();

    public static void Release(IEnumerable<LoadedModel> models)
    {
        foreach (var model in models)
        {
            model.Release();
        }
    }

    /// <summary>A model's ONNX outputs on every image (10 per image); <paramref name="imagesDone"/> hears of every batch.</summary>
    public async Task<float[]> ProbabilitiesAsync(LoadedModel model, LabeledImages images, Action<int> imagesDone) =>
        (await RunAsync(model, images, imagesDone, withFamiliarity: false)).Probabilities;

    /// <summary>
    /// <see cref="ProbabilitiesAsync"/> with each image's distance from the digits the model learned, when it has a
    /// familiarity profile (from the same runs).
    /// </summary>
    public Task<ModelAnswers> AnswersAsync(LoadedModel model, LabeledImages images, Action<int> imagesDone) =>
        RunAsync(model, images, imagesDone, withFamiliarity: true);

    private async Task<ModelAnswers> RunAsync(LoadedModel model, LabeledImages images, Action<int> imagesDone, bool withFamiliarity)
    {
        var probabilities = new float[images.Count * MnistGeometry.ClassCount];
        var familiarities = withFamiliarity && model.FamiliarityProfile is not null ? new Familiarity[images.Count] : null;
        for (var start = 0; start < images.Count; start += BatchSize)
        {
            var count = Math.Min(BatchSize, images.Count - start);
            var batch = new float[count * MnistGeometry.PixelCount];
            for (var i = 0; i < count; i++)
            {
                images.CopyImageAsFloats(start + i, batch.AsSpan(i * MnistGeometry.PixelCount));
            }

            using (await cores.ForBackgroundAsync(CancellationToken.None))
            {
                var answers = familiarities is null ? new ModelAnswers(model.PredictBatch(batch, count), null) : model.AnswerBatch(batch, count);
                answers.Probabilities.CopyTo(probabilities, start * MnistGeometry.ClassCount);
                answers.Familiarities?.CopyTo(familiarities!, start);
            }

            imagesDone(count);
        }

        return new ModelAnswers(probabilities, familiarities);
    }

    /// <summary>
    /// The images, by index, that most of <paramref name="members"/> with a familiarity profile find unlike the digits
    /// they learned (<see cref="Familiarity.MostAreUnfamiliar"/>, as the pages read one image), from each member's
    /// answers on every image (<see cref="AnswersAsync"/>); null when none of them has a profile.
    /// </summary>
    public static IReadOnlyList<int>? Unfamiliar(IReadOnlyList<LoadedModel> members, IReadOnlyDictionary<LoadedModel, ModelAnswers> outputs)
    {
        var readings = members.Select(member => outputs[member].Familiarities).OfType<Familiarity[]>().ToArray();
        return readings.Length == 0
            ? null
            : [.. Enumerable.Range(0, readings[0].Length).Where(image => Familiarity.MostAreUnfamiliar([.. readings.Select(r => r[image])]))];
    }

    /// <summary>Runs <paramref name="work"/> on a core taken as background work.</summary>
    public async Task<T> OnBackgroundCoreAsync<T>(Func<T> work)
    {
        using (await cores.ForBackgroundAsync(CancellationToken.None))
        {
            return work();
        }
    }

    /// <summary>
    /// The soft vote of <paramref name="members"/> (one member: its own probabilities), 10 per image, from each
    /// member's probabilities on every image (<see cref="ProbabilitiesAsync"/>).
    /// </summary>
    public static float[] SoftVote(IReadOnlyList<LoadedModel> members, IReadOnlyDictionary<LoadedModel, float[]> outputs) =>
        SoftVote(members, member => outputs[member]);

    /// <summary>The soft vote of <paramref name="members"/> from each member's probabilities on every image (<see cref="AnswersAsync"/>).</summary>
    public static float[] SoftVote(IReadOnlyList<LoadedModel> members, IReadOnlyDictionary<LoadedModel, ModelAnswers> outputs) =>
        SoftVote(members, member => outputs[member].Probabilities);

    private static float[] SoftVote(IReadOnlyList<LoadedModel> members, Func<LoadedModel, float[]> probabilities) =>
        Ensemble.Average([.. members.Select(probabilities)]);

    /// <summary>Which files the models were loaded from: id, size and write time to the tick (FileStamp's text shows only seconds).</summary>
    public static string Versions(IReadOnlyList<LoadedModel> models) =>
        string.Join(";", models.Select(m => FormattableString.Invariant($"{m.ModelId}@{m.Stamp.Length}:{m.Stamp.LastWriteUtc.Ticks}")));

    /// <summary>A measurement's state while a training writes the models: <paramref name="what"/> happens after it.</summary>
    public static EnsembleEvaluation Waiting(string what) =>
        new(EvaluationState.Waiting, 0, $"{what} when the training writing the models now ends (beside it, it would slow the training down).");

    /// <summary>An error's message as pages may show it: without the server's models directory.</summary>
    public string ForPages(Exception error) => ServerPaths.WithoutDirectory(error.Message, registry.ModelsDirectory);
}
