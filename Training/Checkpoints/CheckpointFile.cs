using System.Text.Json;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.IO;
using MnistBlazor.Shared.Records;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Checkpoints;

/// <summary>
/// A checkpoint file: a JSON header (<see cref="CheckpointHeader"/>), torch's RNG state (augmentation
/// and dropout draw from it), the model's weights and buffers, then the optimizer's per-parameter state.
/// </summary>
public static class CheckpointFile
{
    private const string Magic = "MNISTBLAZOR-CHECKPOINT";
    private const int FormatVersion = 1;

    public static void Save(string path, CheckpointHeader header, nn.Module model, OptimizerHelper optimizer)
    {
        using var rngState = get_rng_state();
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(JsonSerializer.Serialize(header, RecordFile.JsonOptions));
            rngState.Save(writer);
            model.save(writer);
            optimizer.save_state_dict(writer);
            writer.Flush();
        });
    }

    public static CheckpointHeader ReadHeader(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        return ReadHeader(reader, path);
    }

    /// <summary>Loads weights, optimizer state and torch's RNG state into the given objects; returns the header.</summary>
    public static CheckpointHeader Restore(string path, nn.Module model, OptimizerHelper optimizer)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        var header = ReadHeader(reader, path);
        using (var rngState = TensorExtensionMethods.Load(reader))
        {
            set_rng_state(rngState);
        }

        model.load(reader);
        optimizer.load_state_dict(reader);
        return header;
    }

    private static CheckpointHeader ReadHeader(BinaryReader reader, string path)
    {
        try
        {
            if (reader.ReadString() != Magic)
            {
                throw new DataFileException(path, "is not an MnistBlazor training checkpoint.");
            }

            var version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw new DataFileException(path, $"has checkpoint format {version}; this program reads format {FormatVersion}.");
            }

            return JsonSerializer.Deserialize<CheckpointHeader>(reader.ReadString(), RecordFile.JsonOptions)
                ?? throw new DataFileException(path, "has an empty checkpoint header.");
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException)
        {
            throw new DataFileException(path, $"is a damaged checkpoint: {e.Message}", innerException: e);
        }
    }
}
