using Google.Protobuf;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Training.Models;
using MnistBlazor.Training.Onnx;
using Onnx;
using static TorchSharp.torch;

namespace MnistBlazor.Server.Tests.Support;

/// <summary>A freshly initialised simple CNN's model file with a familiarity profile of one's choosing.</summary>
public static class ProfiledSimpleCnn
{
    /// <summary>The channels of the simple CNN's last image block ("block2"), the profile's features.</summary>
    public const int Channels = 128;

    /// <summary>Every digit's mean at 0 and the identity as whitening: an image's distance is the length of its channel averages.</summary>
    public static FamiliarityProfile CentredProfile(float threshold) =>
        new("block2", new float[10 * Channels], Identity(Channels), threshold);

    /// <summary>The identity as a packed lower triangle.</summary>
    public static float[] Identity(int size) =>
        [.. Enumerable.Range(0, size).SelectMany(row => Enumerable.Range(0, row + 1).Select(column => column == row ? 1f : 0f))];

    /// <summary>
    /// The graph without a profile, built once: every file of a test run has the same weights. (Seeding TorchSharp's
    /// random generator before each build did not ensure it: another test drawing from the generator between the seeding
    /// and the initialisation changed them, so a threshold set from one file's distances missed another's.)
    /// </summary>
    private static readonly Lazy<ModelProto> Unprofiled = new(() =>
    {
        random.manual_seed(5);
        using var module = ModelFactory.Create("simple-cnn");
        module.eval();
        return OnnxExporter.Build(module, "simple-cnn");
    });

    /// <summary>The file's bytes, with <paramref name="profile"/> as its familiarity metadata (none when null).</summary>
    public static byte[] File(string? profile)
    {
        var graph = Unprofiled.Value.Clone();
        if (profile is not null)
        {
            graph.MetadataProps.Add(new StringStringEntryProto { Key = FamiliarityProfile.MetadataKey, Value = profile });
        }

        return graph.ToByteArray();
    }
}
