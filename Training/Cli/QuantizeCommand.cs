using System.CommandLine;
using System.Globalization;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.PenDigits;
using MnistBlazor.Shared.Records;
using MnistBlazor.Training.Data;
using MnistBlazor.Training.Evaluation;
using MnistBlazor.Training.Onnx;
using Onnx;

namespace MnistBlazor.Training.Cli;

/// <summary>
/// <c>quantize</c>: writes model.int8.onnx beside each exported model.onnx (static int8 QDQ, calibrated on MNIST
/// training images) and prints the accuracy of both files side by side, as ONNX Runtime runs them.
/// </summary>
public static class QuantizeCommand
{
    public static Command Create()
    {
        var model = CliOptions.Model(CliOptions.All, allowEnsemble: false, allowList: true);
        var calibrationImages = CliOptions.Positive(new Option<int?>("--calibration-images")
        {
            Description = $"How many MNIST training images calibrate the activation ranges (default {OnnxCalibration.DefaultImages})",
        });
        var penDigits = CliOptions.ExistingFile("--pen-digits", "A UNIPEN file of real pen-drawn digits to compare fp32 and int8 on as well, preprocessed exactly as a drawing");
        var variations = CliOptions.PenDigitVariations("compare fp32 and int8 on");
        var dataDirectory = CliOptions.DataDirectory();
        var modelsDirectory = CliOptions.ModelsDirectory();
        var command = new Command("quantize", "Write the int8 form of exported models (model.int8.onnx) and compare its accuracy with fp32")
        {
            model, calibrationImages, penDigits, variations, dataDirectory, modelsDirectory,
        };
        command.SetAction(parse =>
        {
            var commandOutput = CommandOutput.From(parse);
            var output = commandOutput.Output;
            var modelsRoot = parse.GetValue(modelsDirectory)!;
            var requested = parse.GetValue(model)!;
            var penDigitsPath = parse.GetValue(penDigits);
            var withVariations = parse.GetValue(variations);
            CliOptions.RequirePenDigitsForVariations(withVariations, penDigitsPath);
            var specs = CliOptions.ResolveModels(requested);
            var exported = specs.Where(s => File.Exists(ModelFiles.For(modelsRoot, s).Onnx)).ToList();
            if (requested == CliOptions.All && exported.Count == 0)
            {
                throw new UsageException($"No exported models in {Path.GetFullPath(modelsRoot)}. Train or export first: {TrainingCommand.Prefix} export");
            }

            var dataRoot = parse.GetValue(dataDirectory)!;
            var calibration = DatasetLoader.LoadMnist(dataRoot, MnistSplit.Train);
            var count = parse.GetValue(calibrationImages) ?? OnnxCalibration.DefaultImages;
            if (count > calibration.Count)
            {
                throw new UsageException($"--calibration-images {count} is more than the {calibration.Count} MNIST training images.");
            }

            var sets = new List<LabeledSet> { DatasetLoader.LoadMnistTest(dataRoot) };
            if (penDigitsPath is not null)
            {
                var penDigitSet = PenDigitSet.Load(penDigitsPath);
                sets.Add(new LabeledSet(PenDigitSet.DatasetName, penDigitSet.Render()));
                if (withVariations)
                {
                    // Rendered once for every model: about 6 MB per 1,000 digits.
                    sets.AddRange(PenDigitVariation.Standard.Where(v => v != PenDigitVariation.AsWritten)
                        .Select(v => new LabeledSet(v.Name, penDigitSet.Render(v))));
                }
            }

            output.WriteLine($"Calibration: the first {count} MNIST training images; accuracy as ONNX Runtime runs each file.");
            output.WriteLine($"{"model",-12} {"set",-16} {"fp32",8} {"int8",8} {"int8-fp32",10}  file");
            foreach (var spec in requested == CliOptions.All ? exported : specs)
            {
                var files = ModelFiles.For(modelsRoot, spec);
                var (fp32, int8) = ModelVersions.RewriteExports(modelsRoot, spec.Id, () => OnnxInt8Artifact.Write(files, calibration, count));
                foreach (var set in sets)
                {
                    var fp32Accuracy = Accuracy(spec.Id, "fp32", fp32, set, commandOutput);
                    var int8Accuracy = Accuracy(spec.Id, "int8", int8, set, commandOutput);
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{spec.Id,-12} {set.Name,-16} {fp32Accuracy,8:F4} {int8Accuracy,8:F4} {100 * (int8Accuracy - fp32Accuracy),7:+0.00;-0.00;0.00} pt  {files.Int8Onnx}"));
                }

                output.Flush();
            }

            return 0;
        });
        return command;
    }

    /// <summary>The accuracy of <paramref name="model"/> (model <paramref name="modelId"/> in <paramref name="precision"/>) on <paramref name="set"/>, with its progress shown.</summary>
    private static double Accuracy(string modelId, string precision, ModelProto model, LabeledSet set, CommandOutput output)
    {
        using var progress = output.Progress($"{modelId} {precision} on {set.Name}", set.Images.Count, "images");
        using var runner = new OnnxModelRunner(model);
        var probabilities = runner.Probabilities(set.Images, imagesDone: progress.Advance);
        return TestMetrics.Compute(modelId, set.Name, ModelEvaluator.RequireLabels(set), probabilities, DateTimeOffset.UtcNow).Accuracy;
    }
}
