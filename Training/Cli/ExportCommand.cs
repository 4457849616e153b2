using System.CommandLine;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Models;
using MnistBlazor.Training.Data;
using MnistBlazor.Training.Loop;
using MnistBlazor.Training.Progress;

namespace MnistBlazor.Training.Cli;

/// <summary><c>export</c>: writes model.onnx for one model or every trained model in the models directory.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var model = CliOptions.Model(CliOptions.All, allowEnsemble: false, allowList: true);
        var dataDirectory = CliOptions.DataDirectory();
        var modelsDirectory = CliOptions.ModelsDirectory();
        var command = new Command("export", "Export trained models to ONNX (model.onnx, and model.int8.onnx calibrated on MNIST training images, beside weights.bin)")
        {
            model, dataDirectory, modelsDirectory,
        };
        command.SetAction(parse =>
        {
            var output = CommandOutput.From(parse).Output;
            var modelsRoot = parse.GetValue(modelsDirectory)!;
            var requested = parse.GetValue(model)!;
            var specs = CliOptions.ResolveModels(requested);
            var trained = specs.Where(s => File.Exists(ModelFiles.For(modelsRoot, s).Weights)).ToList();
            if (requested == CliOptions.All && trained.Count == 0)
            {
                throw new UsageException($"No trained models in {Path.GetFullPath(modelsRoot)}. Train first: {TrainingCommand.Prefix} train");
            }

            // Without MNIST the fp32 file is still written; the int8 file then waits for `quantize`.
            var dataRoot = parse.GetValue(dataDirectory)!;
            var calibration = Directory.Exists(MnistDataset.FolderOf(dataRoot)) ? DatasetLoader.LoadMnist(dataRoot, MnistSplit.Train) : null;
            var progress = new PlainTrainingProgress(output, TimeSpan.Zero);
            foreach (var spec in requested == CliOptions.All ? trained : specs)
            {
                var files = ModelFiles.For(modelsRoot, spec);
                using var module = ModelStore.LoadTrained(files, TorchSharp.torch.CPU);
                ModelVersions.RewriteExports(modelsRoot, spec.Id, () => OnnxArtifact.Export(module, spec.Id, files, calibration, progress));
            }

            return 0;
        });
        return command;
    }
}
