using MnistBlazor.Client.SavedDrawings;

namespace MnistBlazor.Client.Tests.SavedDrawings;

/// <summary>Model versions kept in memory.</summary>
public sealed class FakeModelVersions : IModelVersions
{
    public List<ModelVersionChoice> Choices { get; } = [];

    public IReadOnlyList<ModelVersionChoice> List() => Choices.ToArray();

    public void Activate(string modelId, string version)
    {
        var index = Choices.FindIndex(c => c.ModelId == modelId);
        if (index < 0 || !Choices[index].Versions.Contains(version))
        {
            throw new ArgumentException($"Model '{modelId}' has no version '{version}'.");
        }

        Choices[index] = Choices[index] with { Active = version };
    }
}
