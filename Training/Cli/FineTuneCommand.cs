using System.CommandLine;
using System.Globalization;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Infrastructure;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;
using MnistBlazor.Training.Data;
using MnistBlazor.Training.Drawings;
using MnistBlazor.Training.Evaluation;
using MnistBlazor.Training.Loop;
using MnistBlazor.Training.Precision;
using MnistBlazor.Training.Recipes;

namespace MnistBlazor.Training.Cli;

/// <summary>
/// <c>finetune</c>: continues a trained model on MNIST plus the saved drawings (oversampled), holding
/// out a share of the drawings to measure it. The result is a new version beside the old one, made
/// active only once it is complete: an interrupted fine-tune leaves the model in use untouched.
/// </summary>
public static class FineTuneCommand
{
    public static Command Create(CancellationToken stopRequested)
    {
        var model = new Option<string>("--model", "-m") { Description = $"The trained model to fine-tune ({string.Join(", ", ModelCatalog.Ids)})", Required = true }
            .AcceptOnlyFromAmong([.. ModelCatalog.Ids]);
        var epochs = CliOptions.Positive(new Option<int?>("--epochs") { Description = "Epochs over MNIST images plus drawings (default 1)" });
        var mnistImages = CliOptions.Positive(new Option<int?>("--mnist-images") { Description = "MNIST training images mixed in, so the model keeps what it knows (default 12000)" });
        var copies = CliOptions.Positive(new Option<int?>("--oversample") { Description = "Copies of each training drawing (default: drawings make about a tenth of the images, at most 200 copies)" });
        var holdout = CliOptions.NumberIn(
            new Option<double?>("--holdout") { Description = "Share of the drawings held out to measure the result (default 0.25)" },
            value => value is > 0 and < 1, "above 0 and below 1");
        var learningRate = CliOptions.PositiveNumber(new Option<double?>("--lr") { Description = "AdamW learning rate, constant (default 0.0001: small steps keep the trained weights)" });
        var batchSize = CliOptions.Positive(new Option<int?>("--batch-size") { Description = "Images per step (default 64)" });
        var seed = CliOptions.Seed("Seed of the held-out choice, shuffling and dropout");
        var noActivate = new Option<bool>("--no-activate") { Description = "Keep the new version beside the old one without putting it in use" };
        var drawingsDatabase = CliOptions.DrawingsDatabase();
        var drawingsConnection = CliOptions.DrawingsConnection();
        var dataDirectory = CliOptions.DataDirectory();
        var modelsDirectory = CliOptions.ModelsDirectory();
        var device = CliOptions.Device();
        var threads = CliOptions.Threads();
        var precision = CliOptions.Precision(CliOptions.TrainingPrecisionDescription + "; default fp32 (fine-tuning in bf16 is not measured yet)");
        var command = new Command("finetune", "Continue a trained model on MNIST plus your saved drawings; writes a new version beside the old one and reports before/after")
        {
            model, epochs, mnistImages, copies, holdout, learningRate, batchSize, seed, noActivate, drawingsDatabase, drawingsConnection, dataDirectory, modelsDirectory, device, threads, precision,
        };
        command.SetAction(parse =>
        {
            var output = CommandOutput.From(parse);
            var dataRoot = parse.GetValue(dataDirectory)!;
            var request = new FineTuneRequest(
                ModelCatalog.Get(parse.GetValue(model)!),
                parse.GetValue(epochs) ?? 1,
                parse.GetValue(mnistImages) ?? 12_000,
                parse.GetValue(copies),
                parse.GetValue(holdout) ?? 0.25,
                parse.GetValue(learningRate) ?? 1e-4,
                parse.GetValue(batchSize) ?? 64,
                parse.GetValue(seed),
                !parse.GetValue(noActivate),
                SavedDrawingsSet.Locate(parse.GetValue(drawingsDatabase), parse.GetValue(drawingsConnection), dataRoot),
                dataRoot,
                parse.GetValue(modelsDirectory)!)
            {
                Precision = CliOptions.PrecisionPolicy(parse.GetValue(precision), PrecisionChoice.Fp32),
            };
            var torchDevice = TorchSetup.Configure(parse.GetValue(device)!, parse.GetValue(threads));
            return Run(request, torchDevice, output, stopRequested, () => DateTimeOffset.UtcNow);
        });
        return command;
    }

    public static int Run(FineTuneRequest request, TorchSharp.torch.Device device, CommandOutput output, CancellationToken stopRequested, Func<DateTimeOffset> now)
    {
        var spec = request.Model;
        var current = ModelFiles.For(request.ModelsDirectory, spec);
        if (!File.Exists(current.Weights))
        {
            throw new UsageException(
                $"Model '{spec.Id}' has no trained weights at {current.Weights}. Train it first: {TrainingCommand.Prefix} train --model {spec.Id}");
        }

        using var trainingLock = TrainingLock.TryTake(request.ModelsDirectory, TrainingLock.StartPatience) ?? throw new UsageException(
            $"Another training is writing into {request.ModelsDirectory} (its lock: {TrainingLock.FileName}); wait for it to end, then fine-tune.");

        var saved = SavedDrawingsSet.Load(request.DrawingsDatabase);
        var (drawingsSet, ids) = (saved.Set, saved.Ids);
        foreach (var note in saved.Notes)
        {
            output.Output.WriteLine($"[{spec.Id}] {note}");
        }

        var split = DrawingsSplit.Create(drawingsSet.Images, ids, request.HeldOutShare, request.Seed);
        var mnistTrain = DatasetLoader.LoadMnist(request.DataDirectory, MnistSplit.Train);
        var mnist = mnistTrain.Slice(0, Math.Min(request.MnistImages, mnistTrain.Count));
        var drawingCopies = request.DrawingCopies
            ?? Math.Clamp((int)Math.Round(0.1 * mnist.Count / split.Training.Count), 1, 200);
        var trainingImages = split.Oversampled(mnist, drawingCopies);
        var mnistTest = DatasetLoader.LoadMnistTest(request.DataDirectory);
        var heldOut = new LabeledSet($"{SavedDrawing.DatasetName}-heldout", split.HeldOut);

        var startedFrom = ModelVersions.List(request.ModelsDirectory, spec.Id).FirstOrDefault(v => v.IsActive)?.Name ?? ModelVersions.OriginalName;
        output.Output.WriteLine(FormattableString.Invariant(
            $"[{spec.Id}] fine-tuning {startedFrom}: {mnist.Count} MNIST images + {split.Training.Count} drawings x {drawingCopies}; {split.HeldOut.Count} drawings held out"));
        TestMetrics mnistBefore;
        TestMetrics heldOutBefore;
        using (var before = ModelStore.LoadTrained(current, device))
        {
            mnistBefore = ModelEvaluator.Evaluate(spec.Id, before, mnistTest, device, now());
            heldOutBefore = ModelEvaluator.Evaluate(spec.Id, before, heldOut, device, now());
        }

        ModelVersions.KeepOriginal(request.ModelsDirectory, spec.Id);
        var version = "finetune-" + now().UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var versionFiles = ModelVersions.FilesOf(request.ModelsDirectory, spec.Id, version);
        var recipe = new RecipeSettings("finetune", OptimizerKind.AdamW, request.LearningRate, 0.01, ScheduleKind.Constant, request.BatchSize, request.Epochs, Augment: false, ValidationSplit: 0);
        var job = new TrainingJob(spec, recipe, request.Seed, new TrainingSplit(trainingImages, null), versionFiles, device, Resume: false)
        {
            InitialWeights = current.Weights,
            Precision = request.Precision.Resolved,
        };

        var (outcome, mnistAfter) = output.WithProgress(progress =>
        {
            var result = new Trainer(job, progress, now).Run(stopRequested);
            if (result.Status != RunStatus.Completed)
            {
                return (result, (TestMetrics?)null);
            }

            var provenance = new DataProvenance($"mnist+{SavedDrawing.DatasetName}", MnistDataset.TrainingDataChecksum);
            return (result, TrainingArtifacts.Write(job, result, mnistTest, provenance, progress, now));
        });

        using (outcome.Model)
        {
            if (outcome.Status != RunStatus.Completed || mnistAfter is null)
            {
                Directory.Delete(versionFiles.Directory, recursive: true);
                output.Error.WriteLine($"Stopped: nothing was changed; {current.Onnx} is still the model in use.");
                return TrainCommand.StoppedExitCode;
            }

            var heldOutAfter = ModelEvaluator.Evaluate(spec.Id, outcome.Model, heldOut, device, now());
            RecordFile.Write(Path.Combine(versionFiles.Directory, $"metrics-{heldOut.Name}.json"), heldOutAfter);
            if (request.Activate)
            {
                ModelVersions.Activate(request.ModelsDirectory, spec.Id, version);
            }

            RecordFile.Write(Path.Combine(versionFiles.Directory, FineTuneReport.FileName), new FineTuneReport
            {
                ModelId = spec.Id,
                Version = version,
                StartedFrom = startedFrom,
                MnistImages = mnist.Count,
                TrainingDrawings = split.Training.Count,
                DrawingCopies = drawingCopies,
                HeldOutDrawingIds = split.HeldOutIds,
                MnistTestBefore = mnistBefore.Accuracy,
                MnistTestAfter = mnistAfter.Accuracy,
                HeldOutBefore = heldOutBefore.Accuracy,
                HeldOutAfter = heldOutAfter.Accuracy,
                Activated = request.Activate,
                FinishedAt = now(),
            });

            output.Output.WriteLine();
            output.Output.WriteLine($"{"",-32} {"MNIST test",10} {$"held-out drawings ({split.HeldOut.Count})",24}");
            output.Output.WriteLine(FormattableString.Invariant($"{$"before ({startedFrom})",-32} {mnistBefore.Accuracy,10:F4} {heldOutBefore.Accuracy,24:F4}"));
            output.Output.WriteLine(FormattableString.Invariant($"{$"after ({version})",-32} {mnistAfter.Accuracy,10:F4} {heldOutAfter.Accuracy,24:F4}"));
            output.Output.WriteLine(request.Activate
                ? $"{version} is now in use ({current.Onnx}); the web app reloads it. Switch back with: {TrainingCommand.Prefix} versions --model {spec.Id} --activate {startedFrom}"
                : $"{version} is kept in {versionFiles.Directory}; put it in use with: {TrainingCommand.Prefix} versions --model {spec.Id} --activate {version}");
            return 0;
        }
    }
}

/// <summary>The settings of one fine-tune.</summary>
public sealed record FineTuneRequest(
    ModelSpec Model,
    int Epochs,
    int MnistImages,
    int? DrawingCopies,
    double HeldOutShare,
    double LearningRate,
    int BatchSize,
    int Seed,
    bool Activate,
    DrawingsDatabase DrawingsDatabase,
    string DataDirectory,
    string ModelsDirectory)
{
    public PrecisionPolicy Precision { get; init; } = PrecisionPolicy.AlwaysFp32;
}
