namespace MnistBlazor.Client.SavedDrawings;

/// <summary>The versions kept beside each model (the original and its fine-tunes), and which one is in use.</summary>
public interface IModelVersions
{
    /// <summary>Each catalogue model that has stored versions, with them (the original first).</summary>
    IReadOnlyList<ModelVersionChoice> List();

    /// <summary>Puts a version in use; the models reload it without a restart.</summary>
    void Activate(string modelId, string version);
}

/// <summary>A model's stored versions and the one in use (null when the model's own files match none).</summary>
public sealed record ModelVersionChoice(string ModelId, string DisplayName, IReadOnlyList<string> Versions, string? Active);
