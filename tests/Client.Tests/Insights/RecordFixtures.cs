using MnistBlazor.Client.Insights;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Client.Tests.Insights;

/// <summary>
/// Small, realistic record files: written with <see cref="RecordFile"/> to a temporary folder and read
/// back, so the components see exactly what training writes.
/// </summary>
public sealed class RecordFixtures : IDisposable
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "mnistblazor-client-tests", Guid.NewGuid().ToString("N"));

    public RecordFixtures() => System.IO.Directory.CreateDirectory(Directory);

    /// <summary>A history of <paramref name="epochs"/> finished epochs whose loss falls and accuracy rises.</summary>
    /// <summary>When the histories of <see cref="History"/> were last written.</summary>
    public static readonly DateTimeOffset HistoryUpdatedAt = new(2026, 11, 28, 3, 5, 0, TimeSpan.Zero);

    public RecordState<TrainingHistory> History(string modelId, int epochs, int totalEpochs, RunStatus status = RunStatus.Completed, RunProgress? progress = null)
    {
        var records = Enumerable.Range(1, epochs).Select(e => new EpochRecord(
            e, 0.5 / e, 0.9 + 0.09 * e / totalEpochs, 0.6 / e, 0.88 + 0.1 * e / totalEpochs, 0.002 / e, 41.5, 1445.8)).ToArray();
        var history = new TrainingHistory
        {
            ModelId = modelId,
            Recipe = "modern",
            Status = status,
            TotalEpochs = totalEpochs,
            Epochs = records,
            Progress = progress,
            StartedAt = new DateTimeOffset(2026, 11, 28, 3, 0, 0, TimeSpan.Zero),
            UpdatedAt = HistoryUpdatedAt,
        };
        return RecordState<TrainingHistory>.Of(RoundTrip(modelId, "history.json", history));
    }

    /// <summary>Metrics of 100 test images (label = index % 10), wrong on the given (index, predicted) pairs.</summary>
    public RecordState<TestMetrics> Metrics(string modelId, params (int Index, int Predicted)[] mistakes)
    {
        var labels = TestLabels();
        var probabilities = new float[labels.Length * 10];
        for (var i = 0; i < labels.Length; i++)
        {
            var predicted = mistakes.Where(m => m.Index == i).Select(m => m.Predicted).DefaultIfEmpty(labels[i]).First();
            probabilities[i * 10 + predicted] = 0.8f;
            probabilities[i * 10 + (predicted + 1) % 10] = 0.2f;
        }

        var metrics = TestMetrics.Compute(modelId, "mnist-test", labels, probabilities, DateTimeOffset.UnixEpoch);
        return RecordState<TestMetrics>.Of(RoundTrip(modelId, "metrics.json", metrics));
    }

    public RecordState<ModelCard> Card(string modelId, long parameters, double seconds, int? trainingImages = 12000)
    {
        var spec = ModelCatalog.Get(modelId);
        var card = new ModelCard
        {
            ModelId = modelId,
            DisplayName = spec.DisplayName,
            Architecture = spec.Summary,
            ParameterCount = parameters,
            Recipe = new TrainingRecipe("modern", "adamw", 0.002, "one-cycle", 64, 2, true, 0.05, 42, trainingImages),
            DataSource = "mnist",
            DataChecksum = MnistDataset.TrainingDataChecksum,
            EpochsCompleted = 2,
            TrainingSeconds = seconds,
            TrainedAt = DateTimeOffset.UnixEpoch,
        };
        return RecordState<ModelCard>.Of(RoundTrip(modelId, "card.json", card));
    }

    /// <summary>The card of <paramref name="start"/> fine-tuned on saved drawings (as <c>finetune</c> writes it).</summary>
    public RecordState<ModelCard> FineTuned(RecordState<ModelCard> start, double seconds)
    {
        var origin = start.Value!;
        var card = origin with
        {
            Recipe = new TrainingRecipe("finetune", "adamw", 0.0001, "constant", 64, 1, true, 0, 42, 12_270),
            DataSource = "mnist+my-drawings",
            EpochsCompleted = 1,
            TrainingSeconds = seconds,
            FineTunedFrom = origin,
        };
        return RecordState<ModelCard>.Of(RoundTrip(origin.ModelId, "card.json", card));
    }

    /// <summary>A history file that fails to parse, with the reader's real message.</summary>
    public RecordState<TrainingHistory> CorruptHistory(string modelId)
    {
        var path = Path.Combine(Directory, modelId, "history.json");
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "{\"schema_version\": 1, \"model_id\": \"" + modelId + "\", \"epochs\": [ {\"epoch\": ");
        try
        {
            RecordFile.Read<TrainingHistory>(path);
            throw new InvalidOperationException("The corrupt fixture parsed.");
        }
        catch (DataFileException e)
        {
            return RecordState<TrainingHistory>.Failed(e.Message);
        }
    }

    public static byte[] TestLabels() => Enumerable.Range(0, 100).Select(i => (byte)(i % 10)).ToArray();

    /// <summary>100 images labelled index % 10, each with a different amount of ink.</summary>
    public static LabeledImages TestImages()
    {
        var pixels = new byte[100 * MnistGeometry.PixelCount];
        for (var i = 0; i < 100; i++)
        {
            for (var p = 0; p <= i; p++)
            {
                pixels[i * MnistGeometry.PixelCount + 300 + p] = 255;
            }
        }

        return new LabeledImages(pixels, TestLabels());
    }

    private T RoundTrip<T>(string modelId, string name, T record)
        where T : IVersionedRecord
    {
        var path = Path.Combine(Directory, modelId, name);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        RecordFile.Write(path, record);
        return RecordFile.Read<T>(path);
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
