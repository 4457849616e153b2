using MnistBlazor.Shared.Layers;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Server.Inference;

/// <summary>
/// The layer views with the deployed ONNX models: each ready convolutional model runs once on the image,
/// asked only for its block activations and derived inputs (<see cref="OnnxContract"/>), not its probabilities,
/// one model after the other on one thread. Files exported before those outputs existed get a re-export hint.
/// </summary>
public sealed class LayerViewer(ModelRegistry registry, ILogger<LayerViewer> logger) : ILayerViewer
{
    public const string ReExportHint = "This model file predates layer views: re-export this model (dotnet run --project Training -- export) to see its layers.";

    public Task<DigitLayers> ViewAsync(ReadOnlyMemory<float> pixels, CancellationToken cancellationToken = default)
    {
        var copy = pixels.ToArray();
        return Task.Run(() => View(copy, cancellationToken), cancellationToken);
    }

    public DigitLayers View(float[] pixels, CancellationToken cancellationToken)
    {
        var models = new List<ModelLayers>();
        foreach (var status in registry.Statuses.Where(s => ModelCatalog.Get(s.ModelId).IsConvolutional))
        {
            cancellationToken.ThrowIfCancellationRequested();
            models.Add(status.IsReady
                ? ViewOne(status.ModelId, pixels, cancellationToken)
                : ModelLayers.Without(status.ModelId, status.Reason ?? "The model cannot answer."));
        }

        return new DigitLayers(models);
    }

    private ModelLayers ViewOne(string modelId, float[] pixels, CancellationToken cancellationToken) =>
        ModelLease.Run(registry, modelId, model => Read(model, pixels, cancellationToken),
            reason => ModelLayers.Without(modelId, reason), logger, "while its layers were read");

    private static ModelLayers Read(LoadedModel model, float[] pixels, CancellationToken cancellationToken)
    {
        var blockNames = model.DeclaredOutputs
            .Select(name => (Name: name, Block: OnnxContract.BlockOf(name)))
            .Where(output => output.Block is not null)
            .OrderBy(output => output.Block)
            .ToArray();
        if (blockNames.Length == 0)
        {
            return ModelLayers.Without(model.ModelId, ReExportHint);
        }

        var derived = new[] { OnnxContract.ProjectionsOutputName, OnnxContract.QuadrantsOutputName }
            .Where(model.DeclaredOutputs.Contains)
            .ToArray();
        var outputs = model.RunOutputs(pixels, [.. blockNames.Select(b => b.Name), .. derived], cancellationToken);
        var blocks = blockNames.Select((b, i) => LayerViewing.Block(b.Block!.Value, outputs[i].Values, outputs[i].Shape)).ToArray();
        var derivedOutputs = derived.Select((name, i) => (name, outputs[blockNames.Length + i])).ToDictionary(d => d.name, d => d.Item2);

        var (columns, rows) = derivedOutputs.TryGetValue(OnnxContract.ProjectionsOutputName, out var projections)
            ? LayerViewing.Projections(projections.Values, projections.Shape)
            : (null, null);
        var quadrants = derivedOutputs.TryGetValue(OnnxContract.QuadrantsOutputName, out var volume)
            ? LayerViewing.Quadrants(volume.Values, volume.Shape)
            : [];
        return new ModelLayers(model.ModelId, blocks, columns, rows, quadrants, null);
    }
}
