using MnistBlazor.Client.SavedDrawings;
using MnistBlazor.Server.Inference;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Server.Drawings;

/// <summary>
/// Lists and switches model versions in the models directory the app serves from. Activating copies
/// the version's files over the model's own under the model's activation lock (which the registry
/// also takes while reading a model, so it never loads a half-activated set); the registry then
/// reloads it, so the switch needs no restart.
/// </summary>
public sealed class ModelVersionService(ModelRegistry registry) : IModelVersions
{
    public IReadOnlyList<ModelVersionChoice> List() =>
        ModelCatalog.All
            .Select(spec => (spec, versions: ModelVersions.List(registry.ModelsDirectory, spec.Id)))
            .Where(m => m.versions.Count > 0)
            .Select(m => new ModelVersionChoice(
                m.spec.Id,
                m.spec.DisplayName,
                [.. m.versions.Select(v => new KeptVersion(v.Name, ModelVersions.SizeOf(v), RecordFile.ReadIfReadable<TestMetrics>(v.Files.Metrics)?.Accuracy))],
                m.versions.FirstOrDefault(v => v.IsActive)?.Name))
            .ToArray();

    public void Activate(string modelId, string version)
    {
        ModelVersions.Activate(registry.ModelsDirectory, ModelCatalog.Get(modelId).Id, version);
        registry.Reload(modelId);
    }

    public void Delete(string modelId, string version) => ModelVersions.Delete(registry.ModelsDirectory, ModelCatalog.Get(modelId).Id, version);
}
