using System.CommandLine;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;
using MnistBlazor.Training.Data;
using MnistBlazor.Training.Drawings;
using MnistBlazor.Training.Evaluation;

namespace MnistBlazor.Training.Cli;

/// <summary><c>evaluate</c>: measures trained models on the MNIST test set or a labelled Kaggle-format CSV.</summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var model = CliOptions.Model(CliOptions.All, allowEnsemble: true, allowList: true);
        var csv = CliOptions.ExistingFile("--csv", "A labelled Kaggle-format CSV (label,pixel0..pixel783) to measure on instead of the MNIST test set");
        var drawings = new Option<bool>("--drawings") { Description = "Measure on the drawings saved in the web app (\"my digits\") instead of the MNIST test set" };
        var drawingsDatabase = CliOptions.DrawingsDatabase();
        var outputPath = new Option<string?>("--output") { Description = "Metrics file (one model only); default <models>/<id>/metrics.json, or metrics-<csv name>.json with --csv, or metrics-my-drawings.json with --drawings" };
        var dataDirectory = CliOptions.DataDirectory();
        var modelsDirectory = CliOptions.ModelsDirectory();
        var device = CliOptions.Device();
        var threads = CliOptions.Threads();
        var command = new Command("evaluate", "Measure trained models (or the soft-vote ensemble of the CNNs) and write their metrics records")
        {
            model, csv, drawings, drawingsDatabase, outputPath, dataDirectory, modelsDirectory, device, threads,
        };
        command.SetAction(parse =>
        {
            var output = CommandOutput.From(parse);
            var torchDevice = TorchSetup.Configure(parse.GetValue(device)!, parse.GetValue(threads));
            var modelValue = parse.GetValue(model)!;
            var csvPath = parse.GetValue(csv);
            var onDrawings = parse.GetValue(drawings);
            if (onDrawings && csvPath is not null)
            {
                throw new UsageException("--csv and --drawings each name the set to measure on; give one of them.");
            }

            var set = onDrawings
                ? SavedDrawingsSet.Load(parse.GetValue(drawingsDatabase) ?? DrawingStore.DefaultPath(parse.GetValue(dataDirectory)!)).Set
                : csvPath is null
                    ? DatasetLoader.LoadMnistTest(parse.GetValue(dataDirectory)!)
                    : new LabeledSet(Path.GetFileName(csvPath), KaggleCsv.ReadTrain(csvPath));
            var models = modelValue.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .SelectMany(part => string.Equals(part, ModelCatalog.EnsembleId, StringComparison.OrdinalIgnoreCase)
                    ? [ModelCatalog.EnsembleId]
                    : CliOptions.ResolveModels(part).Select(m => m.Id))
                .Distinct()
                .ToArray();
            var explicitOutput = parse.GetValue(outputPath);
            if (explicitOutput is not null && models.Length != 1)
            {
                throw new UsageException("--output names one metrics file, so it needs exactly one --model.");
            }

            var modelsRoot = parse.GetValue(modelsDirectory)!;
            if (string.Equals(modelValue, CliOptions.All, StringComparison.OrdinalIgnoreCase))
            {
                // "all" means every trained model; naming a model explicitly still requires it to be trained.
                var untrained = models.Where(id => !File.Exists(new ModelFiles(modelsRoot, id).Weights)).ToArray();
                foreach (var id in untrained)
                {
                    output.Output.WriteLine($"{id,-12} skipped: not trained in {Path.GetFullPath(modelsRoot)}");
                }

                models = models.Except(untrained).ToArray();
                if (models.Length == 0)
                {
                    throw new UsageException($"No trained models in {Path.GetFullPath(modelsRoot)}. Train first: dotnet run --project Training -- train");
                }
            }

            foreach (var id in models)
            {
                var members = id == ModelCatalog.EnsembleId ? ModelCatalog.EnsembleMembers : [ModelCatalog.Get(id)];
                var probabilities = SoftVote.Probabilities(members, modelsRoot, set.Images, torchDevice);
                var metrics = TestMetrics.Compute(id, set.Name, ModelEvaluator.RequireLabels(set), probabilities, DateTimeOffset.UtcNow);
                var files = new ModelFiles(modelsRoot, id);
                var path = explicitOutput
                    ?? (onDrawings ? DrawingsMetricsPath(files)
                        : csvPath is null ? files.Metrics : Path.Combine(files.Directory, $"metrics-{Path.GetFileNameWithoutExtension(csvPath)}.json"));
                RecordFile.Write(path, metrics);
                output.Output.WriteLine(FormattableString.Invariant(
                    $"{id,-12} {set.Name}: accuracy {metrics.Accuracy:F4} ({metrics.Misclassified.Count} of {metrics.Count} wrong){BesideMnist(onDrawings, files)} -> {path}"));
                if (onDrawings)
                {
                    output.Output.WriteLine("             per digit: " + string.Join("  ", metrics.PerClassAccuracy.Select((accuracy, digit) =>
                        metrics.Confusion[digit].Sum() == 0 ? $"{digit}: -" : FormattableString.Invariant($"{digit}: {accuracy:F2}"))));
                }
            }

            return 0;
        });
        return command;
    }

    /// <summary>Where <c>evaluate --drawings</c> writes a model's metrics on the saved drawings.</summary>
    public static string DrawingsMetricsPath(ModelFiles files) => Path.Combine(files.Directory, $"metrics-{DrawingStore.DatasetName}.json");

    /// <summary>The model's MNIST test accuracy (its metrics.json) to print beside the drawings' figure.</summary>
    private static string BesideMnist(bool onDrawings, ModelFiles files)
    {
        if (!onDrawings)
        {
            return "";
        }

        try
        {
            return RecordFile.ReadIfExists<TestMetrics>(files.Metrics) is { } mnist
                ? FormattableString.Invariant($"; {mnist.Dataset}: {mnist.Accuracy:F4}")
                : "; MNIST test: not evaluated yet";
        }
        catch (DataFileException e)
        {
            return $"; MNIST test metrics unreadable ({e.Problem})";
        }
    }
}
