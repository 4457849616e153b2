using System.CommandLine;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Infrastructure;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.PenDigits;
using MnistBlazor.Shared.Records;
using MnistBlazor.Training.Data;
using MnistBlazor.Training.Drawings;
using MnistBlazor.Training.Evaluation;

namespace MnistBlazor.Training.Cli;

/// <summary><c>evaluate</c>: measures trained models on the MNIST test set, a labelled Kaggle-format CSV, the saved drawings or real pen-drawn digits.</summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var model = CliOptions.Model(CliOptions.All, allowEnsemble: true, allowList: true);
        var csv = CliOptions.ExistingFile("--csv", "A labelled Kaggle-format CSV (label,pixel0..pixel783) to measure on instead of the MNIST test set");
        var drawings = new Option<bool>("--drawings") { Description = "Measure on the drawings saved in the web app (\"my digits\") instead of the MNIST test set" };
        var penDigits = CliOptions.ExistingFile("--pen-digits", "A UNIPEN file of real pen-drawn digits to measure on instead of the MNIST test set: each digit is drawn on the pad and preprocessed exactly as a drawing");
        var variations = CliOptions.PenDigitVariations("measure");
        var drawingsDatabase = CliOptions.DrawingsDatabase();
        var drawingsConnection = CliOptions.DrawingsConnection();
        var outputPath = new Option<string?>("--output") { Description = "Metrics file (one model only); default <models>/<id>/metrics.json (for the ensemble on the MNIST test set: printed only, the web app writes that record), or metrics-<csv name>.json with --csv, metrics-my-drawings.json with --drawings, metrics-pen-digits.json with --pen-digits" };
        var dataDirectory = CliOptions.DataDirectory();
        var modelsDirectory = CliOptions.ModelsDirectory();
        var device = CliOptions.Device();
        var threads = CliOptions.Threads();
        var command = new Command("evaluate", "Measure trained models (or the soft-vote ensemble of the CNNs) and write their metrics records")
        {
            model, csv, drawings, penDigits, variations, drawingsDatabase, drawingsConnection, outputPath, dataDirectory, modelsDirectory, device, threads,
        };
        command.SetAction(parse =>
        {
            var output = CommandOutput.From(parse);
            var torchDevice = TorchSetup.Configure(parse.GetValue(device)!, parse.GetValue(threads));
            var modelValue = parse.GetValue(model)!;
            var csvPath = parse.GetValue(csv);
            var onDrawings = parse.GetValue(drawings);
            var penDigitsPath = parse.GetValue(penDigits);
            if ((onDrawings ? 1 : 0) + (csvPath is null ? 0 : 1) + (penDigitsPath is null ? 0 : 1) > 1)
            {
                throw new UsageException("--csv, --drawings and --pen-digits each name the set to measure on; give one of them.");
            }

            CliOptions.RequirePenDigitsForVariations(parse.GetValue(variations), penDigitsPath);

            var penDigitSet = penDigitsPath is null ? null : PenDigitSet.Load(penDigitsPath);
            var savedDrawings = onDrawings
                ? SavedDrawingsSet.Load(SavedDrawingsSet.Locate(parse.GetValue(drawingsDatabase), parse.GetValue(drawingsConnection), parse.GetValue(dataDirectory)!))
                : null;
            var set = savedDrawings is not null
                ? savedDrawings.Set
                : penDigitSet is not null
                    ? new LabeledSet(PenDigitSet.DatasetName, penDigitSet.Render())
                    : csvPath is null
                        ? DatasetLoader.LoadMnistTest(parse.GetValue(dataDirectory)!)
                        : new LabeledSet(Path.GetFileName(csvPath), KaggleCsv.ReadTrain(csvPath));
            foreach (var note in savedDrawings?.Notes ?? [])
            {
                output.Output.WriteLine(note);
            }

            if (penDigitSet is not null)
            {
                var mnistWidth = File.Exists(MnistDataset.PathOf(parse.GetValue(dataDirectory)!, MnistDataset.TestImages))
                    ? FormattableString.Invariant($" (MNIST test: {StrokeWidth.Median(DatasetLoader.LoadMnistTest(parse.GetValue(dataDirectory)!).Images):F2})")
                    : "";
                output.Output.WriteLine(FormattableString.Invariant(
                    $"median stroke width in what the models see: {StrokeWidth.Median(set.Images):F2} px{mnistWidth}"));
                output.Output.WriteLine(FormattableString.Invariant(
                    $"{penDigitSet.SourceName}: {penDigitSet.Digits.Count} pen-drawn digits{(penDigitSet.Writers.Count > 0 ? $" by {penDigitSet.Writers.Count} writers" : "")}{(penDigitSet.IsDevelopmentSet ? " (the 4-writer development set)" : "")}, each placed on the {DrawingPadGeometry.CanvasSide}x{DrawingPadGeometry.CanvasSide} pad and preprocessed as a drawing"));
            }
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
                    throw new UsageException($"No trained models in {Path.GetFullPath(modelsRoot)}. Train first: {TrainingCommand.Prefix} train");
                }
            }

            var computed = new Dictionary<string, float[]>(StringComparer.Ordinal);
            foreach (var id in models)
            {
                var members = id == ModelCatalog.EnsembleId ? Ensemble.Members : [ModelCatalog.Get(id)];
                var probabilities = SoftVote.Probabilities(
                    members, modelsRoot, set.Images, torchDevice, images => output.Progress($"{id} on {set.Name}", images, "images"), computed);
                var metrics = TestMetrics.Compute(id, set.Name, ModelEvaluator.RequireLabels(set), probabilities, DateTimeOffset.UtcNow);
                var files = new ModelFiles(modelsRoot, id);
                var path = MetricsPath(files, explicitOutput, onDrawings, penDigitSet is not null, csvPath);
                if (path is not null)
                {
                    RecordFile.Write(path, metrics);
                }

                output.Output.WriteLine(FormattableString.Invariant(
                    $"{id,-12} {set.Name}: accuracy {metrics.Accuracy:F4} ({metrics.Misclassified.Count} of {metrics.Count} wrong){BesideMnist(onDrawings || penDigitSet is not null, files)}{(path is not null ? $" -> {path}" : EnsembleRecordNote)}"));
                if (penDigitSet is not null)
                {
                    WritePenDigitReport(output.Output, metrics, penDigitSet);
                }
                else if (onDrawings)
                {
                    output.Output.WriteLine("             per digit: " + string.Join("  ", metrics.PerClassAccuracy.Select((accuracy, digit) =>
                        metrics.Confusion[digit].Sum() == 0 ? $"{digit}: -" : FormattableString.Invariant($"{digit}: {accuracy:F2}"))));
                    if (MisreadDrawings(metrics, savedDrawings!.Ids) is { } misread)
                    {
                        output.Output.WriteLine(misread);
                    }
                }
            }

            if (penDigitSet is not null && parse.GetValue(variations))
            {
                var measured = PenDigitVariations.Measure(models, modelsRoot, penDigitSet, torchDevice,
                    images => output.Progress("variations", images, "images"));
                measured.WriteTo(output.Output);
            }

            return 0;
        });
        return command;
    }

    /// <summary>The saved drawings a model misreads, by id ("#12 (7 -> 1)"), the first 20; null when it reads them all.</summary>
    private static string? MisreadDrawings(TestMetrics metrics, IReadOnlyList<long> ids) =>
        metrics.Misclassified.Count == 0
            ? null
            : "             misread: " + string.Join(", ", metrics.Misclassified.Take(20).Select(m => $"#{ids[m.Index]} ({m.TrueLabel} -> {m.PredictedLabel})"))
              + (metrics.Misclassified.Count > 20 ? $", ... ({metrics.Misclassified.Count} in all)" : "")
              + "; open one on the web app's drawing page: /?drawing=<id>";

    /// <summary>The confusion matrix and every misclassified digit's id (its index in the file) with its writer.</summary>
    private static void WritePenDigitReport(TextWriter writer, TestMetrics metrics, PenDigitSet set)
    {
        writer.WriteLine("             confusion (rows: true digit, columns: predicted)");
        writer.WriteLine("                  " + string.Concat(Enumerable.Range(0, 10).Select(d => $"{d,5}")));
        for (var digit = 0; digit < metrics.Confusion.Count; digit++)
        {
            writer.WriteLine($"             {digit,5}" + string.Concat(metrics.Confusion[digit].Select(n => $"{n,5}")));
        }

        if (set.Writers.Count > 1)
        {
            var writers = set.AccuracyByWriter(metrics).Select(w => FormattableString.Invariant($"w{w.Writer}: {w.Accuracy:F4} ({w.Wrong} of {w.Digits} wrong)"));
            WriteWrapped(writer, "per writer:", writers.Chunk(WritersPerLine).Select(line => string.Join("  ", line)));
        }

        var listed = metrics.Misclassified.Take(MistakesListed).Select(m =>
            FormattableString.Invariant($"#{m.Index}: {m.TrueLabel}->{m.PredictedLabel} {m.Confidence:F2}{(set.Digits[m.Index].Writer is { } w ? $" w{w}" : "")}"));
        var unlisted = metrics.Misclassified.Count - MistakesListed;
        WriteWrapped(writer, "misclassified (id: true -> predicted, confidence, writer):",
            listed.Chunk(MistakesPerLine).Select(line => string.Join("  ", line))
                .Concat(unlisted > 0 ? [$"... and {unlisted} more, every one in the metrics file"] : []));
    }

    private const int WritersPerLine = 4;
    private const int MistakesPerLine = 8;

    /// <summary>How many misclassified digits the console lists; a file of thousands of digits would otherwise print pages of them.</summary>
    private const int MistakesListed = 64;

    /// <summary>The title on a line of its own when the lines are many, else the one line after it.</summary>
    private static void WriteWrapped(TextWriter writer, string title, IEnumerable<string> lines)
    {
        var all = lines.ToArray();
        if (all.Length <= 1)
        {
            writer.WriteLine($"             {title} {all.FirstOrDefault() ?? "none"}");
            return;
        }

        writer.WriteLine($"             {title}");
        foreach (var line in all)
        {
            writer.WriteLine($"               {line}");
        }
    }

    /// <summary>Why <c>evaluate --model ensemble</c> on the MNIST test set prints its figure without writing it.</summary>
    public const string EnsembleRecordNote =
        " (not written: the web app writes ensemble/metrics.json from the ONNX files it serves; --output FILE keeps this one)";

    /// <summary>
    /// Where <c>evaluate</c> writes a model's metrics: <c>--output</c>, else beside the model's files, named
    /// after the set. Null for the ensemble on the MNIST test set: the web app owns that record.
    /// </summary>
    public static string? MetricsPath(ModelFiles files, string? explicitOutput, bool onDrawings, bool onPenDigits, string? csvPath) =>
        explicitOutput
        ?? (onDrawings ? DrawingsMetricsPath(files)
            : onPenDigits ? files.MetricsOn(PenDigitSet.DatasetName)
            : csvPath is not null ? files.MetricsOn(Path.GetFileNameWithoutExtension(csvPath))
            : files.ModelId == ModelCatalog.EnsembleId ? null
            : files.Metrics);

    /// <summary>Where <c>evaluate --drawings</c> writes a model's metrics on the saved drawings.</summary>
    public static string DrawingsMetricsPath(ModelFiles files) => files.MetricsOn(SavedDrawing.DatasetName);

    /// <summary>The model's MNIST test accuracy (its metrics.json) to print beside the drawings' or pen digits' figure.</summary>
    private static string BesideMnist(bool onOtherSet, ModelFiles files)
    {
        if (!onOtherSet)
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
