using System.CommandLine;
using System.Globalization;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;
using MnistBlazor.Training.Checkpoints;
using MnistBlazor.Training.Data;
using MnistBlazor.Training.Evaluation;
using MnistBlazor.Training.Loop;
using MnistBlazor.Training.Precision;
using MnistBlazor.Training.Recipes;

namespace MnistBlazor.Training.Cli;

/// <summary><c>train</c>: trains one or all models and writes their weights, history, metrics, card and ONNX.</summary>
public static class TrainCommand
{
    public const int StoppedExitCode = 130;

    public static Command Create(CancellationToken stopRequested)
    {
        var model = CliOptions.Model(CliOptions.All, allowEnsemble: false, allowList: true);
        var recipe = new Option<string>("--recipe")
        {
            Description = "modern (AdamW, one-cycle, batch 128, styles augmentation) or study (Adadelta lr 0.001, batch 16, the study's epochs)",
            DefaultValueFactory = _ => "modern",
        }.AcceptOnlyFromAmong([.. OptionNames.Recipes.Keys]);
        var profile = new Option<string>("--profile")
        {
            Description = $"quick: the NN for {QuickProfile.NnEpochs} epochs, each CNN on {QuickProfile.CnnTrainingImages}-{QuickProfile.MostCnnTrainingImages} images for {QuickProfile.CnnEpochs} epochs (more where it trains in bf16); full: the recipe as is",
            DefaultValueFactory = _ => TrainingProfile.Full,
        }.AcceptOnlyFromAmong(TrainingProfile.All);
        var epochs = CliOptions.Positive(new Option<int?>("--epochs") { Description = $"Epochs (default: modern NN {RecipeDefaults.ModernNnEpochs}, CNNs {RecipeDefaults.ModernCnnEpochs}; study: the study's)" });
        var batchSize = CliOptions.Positive(new Option<int?>("--batch-size") { Description = "Images per optimizer step (default: modern 128, study 16)" });
        var optimizer = new Option<string?>("--optimizer") { Description = "adadelta, adam or adamw (default by recipe)" }
            .AcceptOnlyFromAmong([.. OptionNames.Optimizers.Keys]);
        var learningRate = CliOptions.PositiveNumber(new Option<double?>("--lr") { Description = "Learning rate; the peak rate with one-cycle (default by recipe)" });
        var schedule = new Option<string?>("--schedule") { Description = "constant or one-cycle (default by recipe)" }
            .AcceptOnlyFromAmong([.. OptionNames.Schedules.Keys]);
        var augment = new Option<bool>("--augment") { Description = "Augment every training batch (see --augmentation)" };
        var augmentation = new Option<string?>("--augmentation")
        {
            Description = "styles (the default: small rotation, scale, shift, plus a flagged 1, a crossed 7 and a 9 with a curled tail on half of those digits), light (without those strokes) or drawn (light plus slant, elastic distortion, stroke thickness)",
        }.AcceptOnlyFromAmong([.. OptionNames.Augmentations.Keys]);
        var noAugment = new Option<bool>("--no-augment") { Description = "No augmentation" };
        var trainingImages = CliOptions.Positive(new Option<int?>("--training-images")
        {
            Description = $"Train on only the first N training images (default: all; the quick profile's CNNs {QuickProfile.CnnTrainingImages} to {QuickProfile.MostCnnTrainingImages})",
        });
        var validationSplit = CliOptions.NumberIn(
            new Option<double?>("--validation-split") { Description = "Fraction held out for validation, the last images as in Keras (study 0.2, modern 0.05)" },
            value => value is >= 0 and < 1,
            "at least 0 and below 1");
        var seed = CliOptions.Seed("Seed of initialisation, shuffling, augmentation and dropout");
        var threads = CliOptions.Threads();
        var device = CliOptions.Device();
        var dataSource = new Option<string>("--data-source")
        {
            Description = "mnist (official IDX files) or kaggle (a Kaggle Digit Recognizer train.csv, see --kaggle-train)",
            DefaultValueFactory = _ => "mnist",
        }.AcceptOnlyFromAmong("mnist", "kaggle");
        var kaggleTrain = CliOptions.ExistingFile("--kaggle-train", "Path of Kaggle's labelled train.csv (with --data-source kaggle)");
        var dataDirectory = CliOptions.DataDirectory();
        var modelsDirectory = CliOptions.ModelsDirectory();
        var precision = CliOptions.Precision(CliOptions.TrainingPrecisionDescription + "; default auto");
        var resume = new Option<bool>("--resume") { Description = "Continue the run saved in each model's checkpoint (its recipe and seed are kept)" };
        var continueStopped = new Option<bool>("--continue-stopped")
        {
            Description = "Continue a model's run from its checkpoint when that run stopped before its last epoch with the recipe and seed asked for now; start the others anew (the web app's background training passes it)",
        };
        var previewAfterEpoch = CliOptions.Positive(new Option<int?>("--preview-after-epoch")
        {
            Description = "After this epoch of a longer run, also write the model so far (weights, metrics, card, ONNX), which the web app uses until the run ends",
        });

        var command = new Command("train", "Train models; writes weights, history (live), metrics, card and ONNX into the models directory")
        {
            model, recipe, profile, epochs, batchSize, optimizer, learningRate, schedule, augment, noAugment, augmentation, trainingImages, validationSplit,
            seed, threads, device, precision, dataSource, kaggleTrain, dataDirectory, modelsDirectory, resume, continueStopped, previewAfterEpoch,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(augment) && result.GetValue(noAugment))
            {
                result.AddError("Give either --augment or --no-augment, not both.");
            }

            if (result.GetValue(noAugment) && result.GetValue(augmentation) is not null)
            {
                result.AddError("--augmentation chooses how to augment; it cannot go with --no-augment.");
            }

            if (result.GetValue(resume) && result.GetValue(continueStopped))
            {
                result.AddError("Give either --resume (every model continues its checkpoint's run) or --continue-stopped (only the stopped runs of the recipe asked for), not both.");
            }

            if (result.GetValue(dataSource) == "kaggle" && result.GetValue(kaggleTrain) is null)
            {
                result.AddError("--data-source kaggle needs --kaggle-train <path to Kaggle's train.csv>.");
            }
        });

        command.SetAction(parse =>
        {
            var output = CommandOutput.From(parse);
            var overrides = new RecipeOverrides(
                parse.GetValue(epochs),
                parse.GetValue(batchSize),
                parse.GetValue(optimizer) is { } o ? OptionNames.Optimizers[o] : null,
                parse.GetValue(learningRate),
                parse.GetValue(schedule) is { } s ? OptionNames.Schedules[s] : null,
                parse.GetValue(augment) ? true : parse.GetValue(noAugment) ? false : null,
                parse.GetValue(validationSplit),
                parse.GetValue(augmentation) is { } a ? OptionNames.Augmentations[a] : null,
                parse.GetValue(trainingImages));
            var request = new TrainRequest(
                CliOptions.ResolveModels(parse.GetValue(model)!),
                OptionNames.Recipes[parse.GetValue(recipe)!],
                parse.GetValue(profile) == TrainingProfile.Quick,
                overrides,
                parse.GetValue(seed),
                parse.GetValue(dataSource) == "kaggle" ? DataSourceKind.Kaggle : DataSourceKind.Mnist,
                parse.GetValue(kaggleTrain),
                parse.GetValue(dataDirectory)!,
                parse.GetValue(modelsDirectory)!,
                parse.GetValue(resume))
            {
                Precision = CliOptions.PrecisionPolicy(parse.GetValue(precision), PrecisionChoice.Auto),
                PreviewAfterEpoch = parse.GetValue(previewAfterEpoch),
                ContinueStopped = parse.GetValue(continueStopped),
            };
            var torchDevice = TorchSetup.Configure(parse.GetValue(device)!, parse.GetValue(threads));
            return Run(request, torchDevice, output, stopRequested);
        });
        return command;
    }

    public static int Run(TrainRequest request, TorchSharp.torch.Device device, CommandOutput output, CancellationToken stopRequested)
    {
        using var trainingLock = TrainingLock.TryTake(request.ModelsDirectory, TrainingLock.StartPatience) ?? throw new UsageException(
            $"Another training is writing into {request.ModelsDirectory} (its lock: {TrainingLock.FileName}); wait for it to end, or train into another --models-dir.");
        var (allImages, provenance) = DatasetLoader.LoadTraining(request.DataSource, request.DataDirectory, request.KaggleTrainPath);
        var testSet = request.DataSource == DataSourceKind.Mnist ? DatasetLoader.LoadMnistTest(request.DataDirectory) : null;
        var results = new List<(ModelSpec Model, TestMetrics? Metrics, double Seconds, int Epochs)>();

        foreach (var spec in request.Models)
        {
            var job = CreateJob(request, spec, allImages, device, output);
            output.Output.WriteLine(FormattableString.Invariant(
                $"[{spec.Id}] {job.Recipe.Name} recipe: {OptionNames.Of(job.Recipe.Optimizer)} lr {job.Recipe.LearningRate:G3} {OptionNames.Of(job.Recipe.Schedule)}, batch {job.Recipe.BatchSize}, {job.Recipe.Epochs} epochs, augment {(job.Recipe.Augment ? OptionNames.Of(job.Recipe.Augmentation) : "off")}; {job.Data.Training.Count} training / {job.Data.Validation?.Count ?? 0} validation images, seed {job.Seed}, precision {PrecisionChoice.NameOf(job.Precision)}"));

            // With Kaggle data the MNIST test set overlaps the training images, so the held-out part is measured instead.
            var measuredOn = testSet ?? (job.Data.Validation is { } validation ? new LabeledSet("kaggle-validation", validation) : null);
            var (outcome, metrics) = output.WithProgress(progress =>
            {
                var trainer = new Trainer(job, progress, preview: partial =>
                    TrainingArtifacts.WritePreview(job, partial, measuredOn, provenance, progress, () => DateTimeOffset.UtcNow));
                var result = trainer.Run(stopRequested);
                if (result.Status != RunStatus.Completed)
                {
                    return (result, (TestMetrics?)null);
                }

                return (result, TrainingArtifacts.Write(job, result, measuredOn, provenance, progress, () => DateTimeOffset.UtcNow));
            });
            using (outcome.Model)
            {
                if (outcome.Status == RunStatus.Stopped)
                {
                    output.Error.WriteLine(request.Resume || request.ContinueStopped
                        ? "Stopped. The same command continues it."
                        : "Stopped. Continue with the same command and --resume.");
                    return StoppedExitCode;
                }
            }

            // Beside fine-tunes, a new training is one more version: switching to another one later must not lose it.
            if (ModelVersions.KeepCurrent(request.ModelsDirectory, spec.Id, onlyBesideVersions: true) is { } version)
            {
                output.Output.WriteLine($"[{spec.Id}] kept as version {version} beside its other versions ({TrainingCommand.Prefix} versions --model {spec.Id}).");
            }

            results.Add((spec, metrics, outcome.TrainingSeconds, outcome.History.Epochs.Count));
        }

        output.Output.WriteLine();
        output.Output.WriteLine("model        epochs  train-s  test-accuracy");
        foreach (var (spec, metrics, seconds, epochCount) in results)
        {
            output.Output.WriteLine(FormattableString.Invariant(
                $"{spec.Id,-12} {epochCount,6} {seconds,8:F1}  {(metrics is null ? "-" : metrics.Accuracy.ToString("F4", CultureInfo.InvariantCulture))}"));
        }

        return 0;
    }

    private static TrainingJob CreateJob(TrainRequest request, ModelSpec spec, Shared.Data.LabeledImages allImages, TorchSharp.torch.Device device, CommandOutput output)
    {
        var files = ModelFiles.For(request.ModelsDirectory, spec);
        RecipeSettings recipe;
        var seed = request.Seed;
        var resume = request.Resume;
        if (request.Resume && File.Exists(files.Checkpoint))
        {
            var header = CheckpointFile.ReadHeader(files.Checkpoint);
            recipe = header.Recipe;
            seed = header.Seed;
        }
        else
        {
            recipe = RecipeDefaults.For(request.Recipe, spec);
            if (request.Quick)
            {
                recipe = QuickProfile.Apply(recipe, spec, request.Precision);
            }

            recipe = request.Overrides.ApplyTo(recipe);
            if (request.ContinueStopped)
            {
                resume = IsStoppedRunOf(files, spec, recipe, seed, output);
            }
        }

        var split = TrainingSplit.Create(allImages, recipe.ValidationSplit, recipe.TrainingSubset);
        return new TrainingJob(spec, recipe, seed, split, files, device, resume)
        {
            Precision = request.Precision.Resolved,
            PreviewAfterEpoch = request.PreviewAfterEpoch,
        };
    }

    /// <summary>
    /// Whether the model's checkpoint holds a run of this recipe and seed that stopped before its last epoch (the server
    /// stopped, or the owner, or Ctrl+C): <c>--continue-stopped</c> continues such a run and starts any other anew.
    /// </summary>
    private static bool IsStoppedRunOf(ModelFiles files, ModelSpec spec, RecipeSettings recipe, int seed, CommandOutput output)
    {
        if (!File.Exists(files.Checkpoint))
        {
            return false;
        }

        try
        {
            var header = CheckpointFile.ReadHeader(files.Checkpoint);
            return header.ModelId == spec.Id && header.Recipe == recipe && header.Seed == seed && header.CompletedEpochs < recipe.Epochs;
        }
        catch (Exception e) when (e is DataFileException or IOException)
        {
            output.Error.WriteLine($"[{spec.Id}] {e.Message} A new run starts.");
            return false;
        }
    }
}

/// <summary>What <c>train</c> was asked to do.</summary>
public sealed record TrainRequest(
    IReadOnlyList<ModelSpec> Models,
    RecipeKind Recipe,
    bool Quick,
    RecipeOverrides Overrides,
    int Seed,
    DataSourceKind DataSource,
    string? KaggleTrainPath,
    string DataDirectory,
    string ModelsDirectory,
    bool Resume)
{
    public PrecisionPolicy Precision { get; init; } = PrecisionPolicy.AlwaysFp32;

    /// <summary>See <see cref="TrainingJob.PreviewAfterEpoch"/>.</summary>
    public int? PreviewAfterEpoch { get; init; }

    /// <summary>Continue each model's stopped run of the recipe asked for; start the others anew.</summary>
    public bool ContinueStopped { get; init; }
}
