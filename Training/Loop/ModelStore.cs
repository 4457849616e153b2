using MnistBlazor.Shared.IO;
using MnistBlazor.Shared.Models;
using MnistBlazor.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Loop;

/// <summary>Saves and loads a model's trained weights (TorchSharp's state-dict format) in its models folder.</summary>
public static class ModelStore
{
    public static void SaveWeights(nn.Module<Tensor, Tensor> model, ModelFiles files) =>
        AtomicFile.Write(files.Weights, stream =>
        {
            // Module.save(Stream) closes the stream, which AtomicFile still has to flush: write through a writer that leaves it open.
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            model.save(writer);
            writer.Flush();
        });

    public static nn.Module<Tensor, Tensor> LoadTrained(ModelFiles files, Device device)
    {
        if (!File.Exists(files.Weights))
        {
            throw new UsageException(
                $"Model '{files.ModelId}' has no trained weights at {files.Weights}. "
                + $"Train it first: {TrainingCommand.Prefix} train --model {files.ModelId}");
        }

        var model = ModelFactory.Create(files.ModelId);
        model.load(files.Weights);
        model.to(device);
        model.eval();
        return model;
    }
}
