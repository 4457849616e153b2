using System.CommandLine;
using System.Globalization;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Infrastructure;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.PenDigits;
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
    /// <summary>The recipe name a fine-tune's card gives.</summary>
    public const string FineTuneRecipeName = "finetune";

    public static Command Create(CancellationToken stopRequested)
    {
        var model = CliOptions.Model(CliOptions.All, allowEnsemble: false, allowList: true);
        model.Description = $"The trained models to fine-tune, one after the other ({string.Join(", ", ModelCatalog.Ids)}, {CliOptions.All}, or a comma-separated list)";
        model.Required = true;
        model.DefaultValueFactory = null;
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
        var onlyIfNotWorse = new Option<bool>("--only-if-not-worse")
        {
            Description = "Put the new version in use only when it reads the held-out drawings at least as well and its MNIST test accuracy falls by at most 0.1 point (the web app's choice)",
        };
        var penDigits = CliOptions.ExistingFile(
            "--pen-digits",
            "Other people's real pen digits (UNIPEN) to measure each version on too, before and after: what tuning to one hand costs other hands (only measured: never learned from, never deciding)");
        var drawingsDatabase = CliOptions.DrawingsDatabase();
        var drawingsConnection = CliOptions.DrawingsConnection();
        var dataDirectory = CliOptions.DataDirectory();
        var modelsDirectory = CliOptions.ModelsDirectory();
        var device = CliOptions.Device();
        var threads = CliOptions.Threads();
        var precision = CliOptions.Precision(CliOptions.TrainingPrecisionDescription + "; default auto (bf16 where the CPU has it: measured as accurate as fp32 for fine-tuning, and faster)");
        var command = new Command("finetune", "Continue trained models on MNIST plus your saved drawings; writes a new version beside each old one and reports before/after")
        {
            model, epochs, mnistImages, copies, holdout, learningRate, batchSize, seed, noActivate, onlyIfNotWorse, penDigits, drawingsDatabase, drawingsConnection, dataDirectory, modelsDirectory, device, threads, precision,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(noActivate) && result.GetValue(onlyIfNotWorse))
            {
                result.AddError("Give either --no-activate (never put in use) or --only-if-not-worse, not both.");
            }
        });
        command.SetAction(parse =>
        {
            var output = CommandOutput.From(parse);
            var dataRoot = parse.GetValue(dataDirectory)!;
            var request = new FineTuneRequest(
                CliOptions.ResolveModels(parse.GetValue(model)!),
                parse.GetValue(epochs) ?? 1,
                parse.GetValue(mnistImages) ?? 12_000,
                parse.GetValue(copies),
                parse.GetValue(holdout) ?? 0.25,
                parse.GetValue(learningRate) ?? 1e-4,
                parse.GetValue(batchSize) ?? 64,
                parse.GetValue(seed),
                parse.GetValue(noActivate) ? FineTuneActivation.Never
                    : parse.GetValue(onlyIfNotWorse) ? FineTuneActivation.IfNotWorse
                    : FineTuneActivation.Always,
                SavedDrawingsSet.Locate(parse.GetValue(drawingsDatabase), parse.GetValue(drawingsConnection), dataRoot),
                dataRoot,
                parse.GetValue(modelsDirectory)!)
            {
                Precision = CliOptions.PrecisionPolicy(parse.GetValue(precision), PrecisionChoice.Auto),
                PenDigitsFile = parse.GetValue(penDigits),
            };
            var torchDevice = TorchSetup.Configure(parse.GetValue(device)!, parse.GetValue(threads));
            return Run(request, torchDevice, output, stopRequested, () => DateTimeOffset.UtcNow);
        });
        return command;
    }

    public static int Run(FineTuneRequest request, TorchSharp.torch.Device device, CommandOutput output, CancellationToken stopRequested, Func<DateTimeOffset> now)
    {
        RefuseModelsWithout(request, files => files.Weights, "no trained weights", (them, ids) => $"Train {them} first: {TrainingCommand.Prefix} train --model {ids}");
        // The model in use is kept as a version before a fine-tune replaces it, and that needs its ONNX file.
        RefuseModelsWithout(request, files => files.Onnx, "weights but no model.onnx", (them, ids) => $"Export {them} first: {TrainingCommand.Prefix} export --model {ids}");

        using var trainingLock = TrainingLock.TryTake(request.ModelsDirectory, TrainingLock.StartPatience) ?? throw new UsageException(
            $"Another training is writing into {request.ModelsDirectory} (its lock: {TrainingLock.FileName}); wait for it to end, then fine-tune.");

        var saved = SavedDrawingsSet.Load(request.DrawingsDatabase);
        foreach (var note in saved.Notes)
        {
            output.Output.WriteLine(note);
        }

        var split = DrawingsSplit.Create(saved.Set.Images, saved.Ids, request.HeldOutShare, request.Seed);
        var mnistTrain = DatasetLoader.LoadMnist(request.DataDirectory, MnistSplit.Train);
        var data = new FineTuneData(
            split,
            mnistTrain.Slice(0, Math.Min(request.MnistImages, mnistTrain.Count)),
            DatasetLoader.LoadMnistTest(request.DataDirectory),
            new LabeledSet($"{SavedDrawing.DatasetName}-heldout", split.HeldOut))
        {
            PenDigits = LoadPenDigits(request.PenDigitsFile, output),
        };
        var reports = new List<FineTuneReport>();
        foreach (var spec in request.Models)
        {
            if (FineTuneOne(spec, request, data, device, output, stopRequested, now) is not { } report)
            {
                var finished = reports.Count == 0 ? "" : $" The models fine-tuned before it keep their outcome ({string.Join(", ", reports.Select(r => r.ModelId))}).";
                output.Error.WriteLine($"Stopped: {spec.Id} was not changed; {ModelFiles.For(request.ModelsDirectory, spec).Onnx} is still the model in use.{finished}");
                return TrainCommand.StoppedExitCode;
            }

            reports.Add(report);
        }

        WriteSummary(output, reports, data.HeldOut.Images.Count);
        return 0;
    }

    /// <summary>
    /// The pen digits to measure on, or null: a file that cannot be read is reported and the fine-tune goes on without
    /// that measurement, which decides nothing.
    /// </summary>
    private static LabeledSet? LoadPenDigits(string? path, CommandOutput output)
    {
        if (path is null)
        {
            return null;
        }

        try
        {
            return new LabeledSet(PenDigitSet.DatasetName, PenDigitSet.Load(path).Render());
        }
        catch (DataFileException e)
        {
            output.Error.WriteLine($"warning: not measuring on other people's pen digits: {e.Message}");
            return null;
        }
    }

    private static void RefuseModelsWithout(FineTuneRequest request, Func<ModelFiles, string> file, string lacking, Func<string, string, string> remedy)
    {
        var missing = request.Models.Where(spec => !File.Exists(file(ModelFiles.For(request.ModelsDirectory, spec)))).Select(spec => spec.Id).ToArray();
        if (missing.Length > 0)
        {
            var ids = string.Join(',', missing);
            throw new UsageException(
                $"{(missing.Length == 1 ? $"Model '{ids}' has" : $"Models {ids} have")} {lacking} in {request.ModelsDirectory}. {remedy(missing.Length == 1 ? "it" : "them", ids)}");
        }
    }

    /// <summary>Fine-tunes one model; null when it was stopped (its unfinished version folder is removed).</summary>
    private static FineTuneReport? FineTuneOne(
        ModelSpec spec, FineTuneRequest request, FineTuneData data, TorchSharp.torch.Device device, CommandOutput output, CancellationToken stopRequested, Func<DateTimeOffset> now)
    {
        var current = ModelFiles.For(request.ModelsDirectory, spec);
        var split = data.Split;
        var drawingCopies = request.DrawingCopies
            ?? Math.Clamp((int)Math.Round(0.1 * data.Mnist.Count / split.Training.Count), 1, 200);
        var trainingImages = split.Oversampled(data.Mnist, drawingCopies);

        var startedFrom = ModelVersions.KeepCurrent(request.ModelsDirectory, spec.Id)
            ?? throw new InvalidOperationException($"{current.Onnx} disappeared before the fine-tune began.");
        var startCard = RecordFile.ReadIfReadable<ModelCard>(ModelVersions.FilesOf(request.ModelsDirectory, spec.Id, startedFrom).Card);
        output.Output.WriteLine(FormattableString.Invariant(
            $"[{spec.Id}] fine-tuning {startedFrom}: {data.Mnist.Count} MNIST images + {split.Training.Count} drawings x {drawingCopies}; {split.HeldOut.Count} drawings held out"));
        TestMetrics mnistBefore;
        TestMetrics heldOutBefore;
        TestMetrics? penBefore;
        using (var before = ModelStore.LoadTrained(current, device))
        {
            mnistBefore = ModelEvaluator.Evaluate(spec.Id, before, data.MnistTest, device, now());
            heldOutBefore = ModelEvaluator.Evaluate(spec.Id, before, data.HeldOut, device, now());
            penBefore = data.PenDigits is { } pen ? ModelEvaluator.Evaluate(spec.Id, before, pen, device, now()) : null;
        }

        var version = ModelVersions.UnusedName(request.ModelsDirectory, spec.Id, ModelVersions.FineTuneName(now()));
        var versionFiles = ModelVersions.FilesOf(request.ModelsDirectory, spec.Id, version);
        var augmentation = AugmentationTrainedWith(startCard, request.ModelsDirectory, spec);
        var recipe = new RecipeSettings(
            FineTuneRecipeName, OptimizerKind.AdamW, request.LearningRate, 0.01, ScheduleKind.Constant, request.BatchSize, request.Epochs,
            Augment: augmentation is not null, ValidationSplit: 0, Augmentation: augmentation ?? AugmentationKind.Light);
        var job = new TrainingJob(spec, recipe, request.Seed, new TrainingSplit(trainingImages, null), versionFiles, device, Resume: false)
        {
            InitialWeights = current.Weights,
            FineTunedFrom = startCard,
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
            return (result, TrainingArtifacts.Write(job, result, data.MnistTest, provenance, progress, now));
        });

        using (outcome.Model)
        {
            if (outcome.Status != RunStatus.Completed || mnistAfter is null)
            {
                Directory.Delete(versionFiles.Directory, recursive: true);
                return null;
            }

            // A finished fine-tune is never resumed (a stopped one is removed): its optimizer state would only take disk space.
            File.Delete(versionFiles.Checkpoint);
            var heldOutAfter = ModelEvaluator.Evaluate(spec.Id, outcome.Model, data.HeldOut, device, now());
            var penAfter = data.PenDigits is { } pen ? ModelEvaluator.Evaluate(spec.Id, outcome.Model, pen, device, now()) : null;
            RecordFile.Write(Path.Combine(versionFiles.Directory, $"metrics-{data.HeldOut.Name}.json"), heldOutAfter);
            var worse = FineTuneReport.WhyWorse(mnistBefore.Accuracy, mnistAfter.Accuracy, heldOutBefore.Accuracy, heldOutAfter.Accuracy);
            var notActivatedBecause = request.Activation switch
            {
                FineTuneActivation.Never => "--no-activate was given",
                FineTuneActivation.IfNotWorse when worse is not null => worse,
                _ => null,
            };
            if (notActivatedBecause is null)
            {
                ModelVersions.Activate(request.ModelsDirectory, spec.Id, version);
            }

            var report = new FineTuneReport
            {
                ModelId = spec.Id,
                Version = version,
                StartedFrom = startedFrom,
                MnistImages = data.Mnist.Count,
                TrainingDrawings = split.Training.Count,
                DrawingCopies = drawingCopies,
                Augmentation = augmentation is { } kind ? OptionNames.Of(kind) : null,
                HeldOutDrawingIds = split.HeldOutIds,
                MnistTestBefore = mnistBefore.Accuracy,
                MnistTestAfter = mnistAfter.Accuracy,
                HeldOutBefore = heldOutBefore.Accuracy,
                HeldOutAfter = heldOutAfter.Accuracy,
                MisreadBefore = HeldOutMisreading.From(heldOutBefore, split.HeldOutIds),
                MisreadAfter = HeldOutMisreading.From(heldOutAfter, split.HeldOutIds),
                PenDigitsBefore = penBefore?.Accuracy,
                PenDigitsAfter = penAfter?.Accuracy,
                Activated = notActivatedBecause is null,
                NotActivatedBecause = notActivatedBecause,
                FinishedAt = now(),
            };
            RecordFile.Write(Path.Combine(versionFiles.Directory, FineTuneReport.FileName), report);
            return report;
        }
    }

    /// <summary>
    /// The augmentation the model's training from scratch used (the card of the version the fine-tune starts from, through
    /// the fine-tunes it records; the original version's card for a fine-tune made before cards recorded their start), or
    /// null when it trained without: a fine-tune that saw the drawings only as drawn would learn their exact strokes, not
    /// the hand.
    /// </summary>
    private static AugmentationKind? AugmentationTrainedWith(ModelCard? startCard, string modelsDirectory, ModelSpec spec)
    {
        var recordsNoStart = startCard is { FineTunedFrom: null } && startCard.Recipe.Name == FineTuneRecipeName;
        var training = recordsNoStart
            ? RecordFile.ReadIfReadable<ModelCard>(ModelVersions.FilesOf(modelsDirectory, spec.Id, ModelVersions.OriginalName).Card)
            : startCard?.BaseTraining();
        return training?.Recipe is { Augment: true } recipe
            ? OptionNames.Augmentations.TryGetValue(recipe.Augmentation ?? OptionNames.Of(AugmentationKind.Light), out var kind) ? kind : AugmentationKind.Light
            : null;
    }

    private static string Pen(double? accuracy) => accuracy is { } value ? FormattableString.Invariant($" {value,20:F4}") : "";

    // "#12 (a 6 read 5), #40 (a 0 read 8)", or "none".
    private static string Listed(IReadOnlyList<HeldOutMisreading> drawings, string when) =>
        drawings.Count == 0 ? "none" : string.Join(", ", drawings.Select(d => $"#{d.DrawingId} (a {d.Label} read {d.Read}{when})"));

    private static void WriteSummary(CommandOutput output, IReadOnlyList<FineTuneReport> reports, int heldOutCount)
    {
        output.Output.WriteLine();
        var withPen = reports.Any(r => r.PenDigitsBefore is not null);
        output.Output.WriteLine($"{"",-46} {"MNIST test",10} {$"held-out drawings ({heldOutCount})",24}{(withPen ? $" {"pen digits (others)",20}" : "")}");
        foreach (var report in reports)
        {
            output.Output.WriteLine(FormattableString.Invariant($"{$"{report.ModelId} before ({report.StartedFrom})",-46} {report.MnistTestBefore,10:F4} {report.HeldOutBefore,24:F4}{Pen(report.PenDigitsBefore)}"));
            output.Output.WriteLine(FormattableString.Invariant($"{$"{report.ModelId} after ({report.Version})",-46} {report.MnistTestAfter,10:F4} {report.HeldOutAfter,24:F4}{Pen(report.PenDigitsAfter)}"));
        }

        output.Output.WriteLine();
        foreach (var report in reports)
        {
            if (report.Changes() is { Any: true } changes)
            {
                output.Output.WriteLine($"[{report.ModelId}] held-out drawings now read right: {Listed(changes.NowRight, " before")}; now misread: {Listed(changes.NowMisread, "")}");
            }

            output.Output.WriteLine(report.Activated
                ? $"[{report.ModelId}] {report.Version} is now in use; the web app reloads it. Switch back with: {TrainingCommand.Prefix} versions --model {report.ModelId} --activate {report.StartedFrom}"
                : $"[{report.ModelId}] {report.Version} is kept beside {report.StartedFrom}, not put in use ({report.NotActivatedBecause}); put it in use with: {TrainingCommand.Prefix} versions --model {report.ModelId} --activate {report.Version}");
        }
    }
}

/// <summary>What every model of one fine-tune learns from and is measured on.</summary>
internal sealed record FineTuneData(DrawingsSplit Split, LabeledImages Mnist, LabeledSet MnistTest, LabeledSet HeldOut)
{
    public LabeledSet? PenDigits { get; init; }
}

/// <summary>The settings of one fine-tune.</summary>
public sealed record FineTuneRequest(
    IReadOnlyList<ModelSpec> Models,
    int Epochs,
    int MnistImages,
    int? DrawingCopies,
    double HeldOutShare,
    double LearningRate,
    int BatchSize,
    int Seed,
    FineTuneActivation Activation,
    DrawingsDatabase DrawingsDatabase,
    string DataDirectory,
    string ModelsDirectory)
{
    public PrecisionPolicy Precision { get; init; } = PrecisionPolicy.AlwaysFp32;

    /// <summary>Other people's pen digits, to measure each version on before and after (never learned from, never deciding).</summary>
    public string? PenDigitsFile { get; init; }
}
