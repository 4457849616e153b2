using System.Diagnostics;
using MnistBlazor.Shared.Evidence;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Server.Inference;

/// <summary>
/// Occlusion sensitivity with the deployed ONNX models: each model runs once on a batch holding the
/// image and its occluded copies (<see cref="OcclusionBatch"/>: at most 50 images with the default grid), one model after the
/// other on one thread, each giving its familiarity too when it has a profile (<see cref="OcclusionEvidence.LikenessMap"/>);
/// the ensemble's evidence is the average of its members'. Asked for asynchronously, that thread
/// first waits for a core of its own (<see cref="InferenceCores"/>).
/// </summary>
public sealed class OcclusionExplainer(ModelRegistry registry, ILogger<OcclusionExplainer> logger, InferenceCores? cores = null) : IEvidenceExplainer
{
    private readonly InferenceCores cores = cores ?? new InferenceCores();

    public OcclusionGrid Grid { get; init; } = OcclusionGrid.Default;

    public Task<DigitEvidence> ExplainAsync(ReadOnlyMemory<float> pixels, CancellationToken cancellationToken = default)
    {
        var copy = pixels.ToArray();
        return Task.Run(async () =>
        {
            using (await cores.ForRequestAsync(cancellationToken))
            {
                return Explain(copy, cancellationToken);
            }
        }, cancellationToken);
    }

    /// <summary>Every model's evidence, then the ensemble's (catalogue order).</summary>
    public DigitEvidence Explain(ReadOnlySpan<float> pixels, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var batch = OcclusionBatch.For(pixels, Grid);
        var models = new List<ModelEvidence>(ModelCatalog.All.Count + 1);
        foreach (var status in registry.Statuses)
        {
            cancellationToken.ThrowIfCancellationRequested();
            models.Add(status.IsReady
                ? ExplainOne(status.ModelId, batch, cancellationToken)
                : ModelEvidence.Without(status.ModelId, status.Reason ?? "The model cannot answer."));
        }

        models.Add(Ensemble(models));
        return new DigitEvidence(models, watch.Elapsed);
    }

    private ModelEvidence ExplainOne(string modelId, OcclusionBatch batch, CancellationToken cancellationToken) =>
        ModelLease.Run(registry, modelId, model =>
        {
            var watch = Stopwatch.StartNew();
            var answers = model.AnswerBatch(batch.Images, batch.ImageCount, cancellationToken);
            return new ModelEvidence(modelId, batch.Evidence(answers.Probabilities, answers.Familiarities), null, watch.Elapsed);
        },
        reason => ModelEvidence.Without(modelId, reason), logger, "on the occluded images");

    private static ModelEvidence Ensemble(IReadOnlyList<ModelEvidence> models)
    {
        var measured = models.Where(m => Shared.Inference.Ensemble.IsMember(m.ModelId) && m.Evidence is not null).ToArray();
        return measured.Length == 0
            ? ModelEvidence.Without(ModelCatalog.EnsembleId, "None of the CNNs has evidence.")
            : new ModelEvidence(
                ModelCatalog.EnsembleId,
                OcclusionEvidence.Average([.. measured.Select(m => m.Evidence!)]),
                null,
                TimeSpan.FromTicks(measured.Sum(m => m.Time.Ticks)));
    }
}
