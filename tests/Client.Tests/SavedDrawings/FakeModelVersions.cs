using MnistBlazor.Client.SavedDrawings;

namespace MnistBlazor.Client.Tests.SavedDrawings;

/// <summary>Model versions kept in memory.</summary>
public sealed class FakeModelVersions : IModelVersions
{
    public List<ModelVersionChoice> Choices { get; } = [];

    public IReadOnlyList<ModelVersionChoice> List() => Choices.ToArray();

    /// <summary>When set, Activate and Delete throw it (e.g. another process holds the activation lock).</summary>
    public Exception? Failure { get; set; }

    public void Activate(string modelId, string version)
    {
        var index = IndexOf(modelId, version);
        Choices[index] = Choices[index] with { Active = version };
    }

    public void Delete(string modelId, string version)
    {
        var index = IndexOf(modelId, version);
        if (Choices[index].Active == version)
        {
            throw new InvalidOperationException($"{version} is the version of '{modelId}' in use: put another one in use first, then delete it.");
        }

        Choices[index] = Choices[index] with { Versions = [.. Choices[index].Versions.Where(v => v.Name != version)] };
    }

    /// <summary>A model's choice as the server lists it: each version 13.5 MB (in MiB, as pages count), 99.10 % on MNIST test.</summary>
    public static ModelVersionChoice Choice(string modelId, string displayName, string[] versions, string? active) =>
        new(modelId, displayName, [.. versions.Select((name, i) => new KeptVersion(name, 14_155_776 + i, 0.991))], active);

    private int IndexOf(string modelId, string version)
    {
        if (Failure is not null)
        {
            throw Failure;
        }

        var index = Choices.FindIndex(c => c.ModelId == modelId);
        return index >= 0 && Choices[index].Versions.Any(v => v.Name == version)
            ? index
            : throw new ArgumentException($"Model '{modelId}' has no version '{version}'.");
    }
}
