using MnistBlazor.Client.SavedDrawings;

namespace MnistBlazor.Client.Tests.SavedDrawings;

/// <summary>Model versions kept in memory.</summary>
public sealed class FakeModelVersions : IModelVersions
{
    public List<ModelVersionChoice> Choices { get; } = [];

    public IReadOnlyList<ModelVersionChoice> List() => Choices.ToArray();

    /// <summary>When set, Activate throws it (e.g. another process holds the activation lock).</summary>
    public Exception? Failure { get; set; }

    public void Activate(string modelId, string version)
    {
        if (Failure is not null)
        {
            throw Failure;
        }

        var index = Choices.FindIndex(c => c.ModelId == modelId);
        if (index < 0 || !Choices[index].Versions.Contains(version))
        {
            throw new ArgumentException($"Model '{modelId}' has no version '{version}'.");
        }

        Choices[index] = Choices[index] with { Active = version };
    }
}
