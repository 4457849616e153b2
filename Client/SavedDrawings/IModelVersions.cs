namespace MnistBlazor.Client.SavedDrawings;

/// <summary>The versions kept beside each model (the original, its fine-tunes, trainings since), and which one is in use.</summary>
public interface IModelVersions
{
    /// <summary>Each catalogue model that has stored versions, with them (the original first).</summary>
    IReadOnlyList<ModelVersionChoice> List();

    /// <summary>Puts a version in use; the models reload it without a restart.</summary>
    void Activate(string modelId, string version);

    /// <summary>Deletes a stored version for good; the version in use cannot be deleted.</summary>
    void Delete(string modelId, string version);
}

/// <summary>A model's stored versions and the one in use (null when the model's own files match none).</summary>
public sealed record ModelVersionChoice(string ModelId, string DisplayName, IReadOnlyList<KeptVersion> Versions, string? Active)
{
    public long TotalBytes => Versions.Sum(v => v.Bytes);
}

/// <summary>One stored version: its name, the bytes its files take and its MNIST test accuracy (its metrics.json), when known.</summary>
public sealed record KeptVersion(string Name, long Bytes, double? MnistAccuracy = null);
