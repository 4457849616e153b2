using MnistBlazor.Shared.Layers;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Server.Inference;

/// <summary>
/// The layer views with the deployed ONNX models: each ready convolutional model runs once on the image,
/// asked only for its block activations (image branch and, for model 4, the Conv3D quadrant branch) and derived
/// inputs (<see cref="OnnxContract"/>), not its probabilities, one model after the other on one thread. Files
/// exported before those outputs existed get a re-export hint (only the quadrant blocks missing: a notice).
/// Asked for asynchronously, that thread first waits for a core of its own (<see cref="InferenceCores"/>).
/// </summary>
public sealed class LayerViewer(ModelRegistry registry, ILogger<LayerViewer> logger, InferenceCores? cores = null) : ILayerViewer
{
    private readonly InferenceCores cores = cores ?? new InferenceCores();

    public const string ReExportHint = $"This model file predates layer views: re-export this model ({TrainingCommand.Prefix} export) to see its layers.";

    public const string QuadrantBlocksHint = $"This model file predates the quadrant branch's block views: re-export this model ({TrainingCommand.Prefix} export) to see its Conv3D blocks.";

    public Task<DigitLayers> ViewAsync(ReadOnlyMemory<float> pixels, CancellationToken cancellationToken = default)
    {
        var copy = pixels.ToArray();
        return Task.Run(async () =>
        {
            using (await cores.ForRequestAsync(cancellationToken))
            {
                return View(copy, cancellationToken);
            }
        }, cancellationToken);
    }

    public DigitLayers View(float[] pixels, CancellationToken cancellationToken)
    {
        var models = new List<ModelLayers>();
        foreach (var status in registry.Statuses.Where(s => ModelCatalog.Get(s.ModelId).IsConvolutional))
        {
            cancellationToken.ThrowIfCancellationRequested();
            models.Add(status.IsReady
                ? ViewModel(status.ModelId, pixels, cancellationToken)
                : ModelLayers.Without(status.ModelId, status.Reason ?? "The model cannot answer."));
        }

        return new DigitLayers(models);
    }

    /// <summary>One ready model's layer views (or why it has none), as <see cref="View"/> reads each.</summary>
    public ModelLayers ViewModel(string modelId, float[] pixels, CancellationToken cancellationToken) =>
        ModelLease.Run(registry, modelId, model => Read(model, pixels, cancellationToken),
            reason => ModelLayers.Without(modelId, reason), logger, "while its layers were read");

    private static ModelLayers Read(LoadedModel model, float[] pixels, CancellationToken cancellationToken)
    {
        var blockOutputs = model.DeclaredOutputs
            .Select(name => (Name: name, Output: OnnxContract.BlockOf(name)))
            .Where(output => output.Output is not null)
            .Select(output => (output.Name, Output: output.Output!.Value))
            .OrderBy(output => output.Output.Branch).ThenBy(output => output.Output.Block)
            .ToArray();
        if (!blockOutputs.Any(b => b.Output.Branch == BlockBranch.Image))
        {
            return ModelLayers.Without(model.ModelId, ReExportHint);
        }

        var derived = new[] { OnnxContract.ProjectionsOutputName, OnnxContract.QuadrantsOutputName }
            .Where(model.DeclaredOutputs.Contains)
            .ToArray();
        var outputs = model.RunOutputs(pixels, [.. blockOutputs.Select(b => b.Name), .. derived], cancellationToken);
        var blocks = blockOutputs
            .Select((b, i) => LayerViewing.Block(b.Output.Block, outputs[i].Values, outputs[i].Shape, branch: b.Output.Branch))
            .ToArray();
        var derivedOutputs = derived.Select((name, i) => (name, outputs[blockOutputs.Length + i])).ToDictionary(d => d.name, d => d.Item2);

        var (columns, rows) = derivedOutputs.TryGetValue(OnnxContract.ProjectionsOutputName, out var projections)
            ? LayerViewing.Projections(projections.Values, projections.Shape)
            : (null, null);
        var quadrants = derivedOutputs.TryGetValue(OnnxContract.QuadrantsOutputName, out var volume)
            ? LayerViewing.Quadrants(volume.Values, volume.Shape)
            : [];
        var quadrantBlocks = blocks.Where((_, i) => blockOutputs[i].Output.Branch == BlockBranch.Quadrants).ToArray();
        var notice = quadrants.Count > 0 && quadrantBlocks.Length == 0 ? QuadrantBlocksHint : null;
        return new ModelLayers(
            model.ModelId,
            [.. blocks.Where((_, i) => blockOutputs[i].Output.Branch == BlockBranch.Image)],
            columns,
            rows,
            quadrants,
            quadrantBlocks,
            notice,
            null);
    }
}
