using MnistBlazor.Shared.Inference;
using MnistBlazor.Client.SavedDrawings;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;
using MnistBlazor.Client.Tests.Support;

namespace MnistBlazor.Client.Tests.SavedDrawings;

/// <summary>Saved drawings kept in memory; measurement says every model answers the drawing's label except as told.</summary>
public sealed class FakeSavedDrawings : ISavedDrawings
{
    private readonly List<SavedDrawingSummary> drawings = [];
    private long nextId = 1;

    public string Location { get; set; } = "/srv/data/drawings.db";

    public event Action? Changed;

    /// <summary>When set, every call throws it (a refused database).</summary>
    public Exception? Failure { get; set; }

    /// <summary>When set, saving, relabelling and deleting throw it (a busy or full database, or the server refusing a visitor who is not the owner); reading works.</summary>
    public Exception? WriteFailure { get; set; }

    public List<(int Label, StrokeDrawing Strokes, byte[]? Png, IReadOnlyList<DrawingPrediction> Predictions)> Saved { get; } = [];

    private readonly Dictionary<long, StrokeDrawing> strokesOf = [];

    public IReadOnlyList<SavedDrawingSummary> Drawings => drawings;

    /// <param name="severalDigits">Saved before drawings of several digits side by side were refused: flagged, and left out of the measurement.</param>
    /// <param name="image">The stored 28x28 image (a dot in the middle when none is given).</param>
    /// <param name="ensembleSaid">What the ensemble read when it was saved (the label when not given).</param>
    /// <param name="readAsOneDigit">Ink in parts saved as one digit because the person said so.</param>
    public SavedDrawingSummary Add(
        int label, bool severalDigits = false, StrokeDrawing? strokes = null, byte[]? image = null, int? ensembleSaid = null, bool readAsOneDigit = false)
    {
        if (image is null)
        {
            image = new byte[MnistGeometry.PixelCount];
            image[14 * 28 + 14] = 255;
        }

        var drawing = new SavedDrawingSummary(nextId++, label, image, false,
            [new DrawingPrediction(ModelCatalog.EnsembleId, ensembleSaid ?? label, 0.8f)], DateTimeOffset.UnixEpoch, null)
        {
            LooksLikeSeveralDigits = severalDigits,
            ReadAsOneDigit = readAsOneDigit,
        };
        drawings.Add(drawing);
        strokesOf[drawing.Id] = strokes ?? DrawingPadGeometry.TypicalSeven;
        return drawing;
    }

    /// <summary>Deletes a drawing as another server process would: nobody here hears of it.</summary>
    public void DeleteElsewhere(long id) => drawings.RemoveAll(d => d.Id == id);

    /// <summary>How many bytes each drawing takes in an archive: a few fill one, as many thousands do on a server.</summary>
    public long ArchiveBytesPerDrawing { get; set; } = 2_000;

    public Task<IReadOnlyList<DrawingsArchivePart>> ArchivePartsAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        return Task.FromResult(DrawingsArchive.Parts(drawings.OrderBy(d => d.Id).Select(d => (d.Id, ArchiveBytesPerDrawing))));
    }

    public Task<SavedDrawing?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        var drawing = drawings.FirstOrDefault(d => d.Id == id);
        return Task.FromResult(drawing is null ? null : new SavedDrawing(drawing, strokesOf[id], null));
    }

    public Task<long> SaveAsync(
        int label, StrokeDrawing strokes, byte[]? canvasPng, IReadOnlyList<DrawingPrediction> predictions, bool readAsOneDigit = false, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing(writing: true);
        Saved.Add((label, strokes, canvasPng, predictions));
        var id = Add(label, strokes: strokes, readAsOneDigit: readAsOneDigit).Id;
        Changed?.Invoke();
        return Task.FromResult(id);
    }

    public List<(int Label, float[] Pixels, IReadOnlyList<DrawingPrediction> Predictions)> SavedImages { get; } = [];

    public Task<long> SaveImageAsync(
        int label, PreprocessedDigit digit, IReadOnlyList<DrawingPrediction> predictions, bool readAsOneDigit = false, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing(writing: true);
        if (SavableDrawing.WhyNot(digit, readAsOneDigit) is { } reason)
        {
            throw new ArgumentException(reason, nameof(digit));
        }

        SavedImages.Add((label, digit.Pixels, predictions));
        var id = Add(label, strokes: SavedDrawing.NoStrokes, image: DrawingImage.ToBytes(digit.Pixels), readAsOneDigit: SavableDrawing.KeepsReadAsOneDigit(digit, readAsOneDigit)).Id;
        Changed?.Invoke();
        return Task.FromResult(id);
    }

    /// <summary>When set, the next listing takes the drawings as they are when asked but answers only once this completes (a slow database).</summary>
    public TaskCompletionSource? HoldNextListing { get; set; }

    public Task<IReadOnlyList<SavedDrawingSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        IReadOnlyList<SavedDrawingSummary> listed = drawings.OrderBy(d => d.Label).ThenBy(d => d.Id).ToArray();
        if (HoldNextListing is { } hold)
        {
            HoldNextListing = null;
            return hold.Task.ContinueWith(_ => listed, TaskScheduler.Default); // answers late, ignoring the token, as a query under way does
        }

        return Task.FromResult(listed);
    }

    public Task<bool> RelabelAsync(long id, int label, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing(writing: true);
        var index = drawings.FindIndex(d => d.Id == id);
        if (index < 0)
        {
            return Task.FromResult(false);
        }

        drawings[index] = drawings[index] with { Label = label, RelabeledAt = DateTimeOffset.UnixEpoch };
        Changed?.Invoke();
        return Task.FromResult(true);
    }

    /// <summary>As the server: ink in parts said to be one digit is no longer several digits, and several again when unsaid.</summary>
    public Task<bool> SetReadAsOneDigitAsync(long id, bool readAsOneDigit, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing(writing: true);
        var index = drawings.FindIndex(d => d.Id == id);
        if (index < 0)
        {
            return Task.FromResult(false);
        }

        var inParts = drawings[index].LooksLikeSeveralDigits || drawings[index].ReadAsOneDigit;
        drawings[index] = drawings[index] with { ReadAsOneDigit = readAsOneDigit, LooksLikeSeveralDigits = inParts && !readAsOneDigit };
        Changed?.Invoke();
        return Task.FromResult(true);
    }

    public Task<SavedDrawing?> DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing(writing: true);
        var removed = drawings.FirstOrDefault(d => d.Id == id);
        if (removed is null)
        {
            return Task.FromResult<SavedDrawing?>(null);
        }

        drawings.Remove(removed);
        Changed?.Invoke();
        return Task.FromResult<SavedDrawing?>(new SavedDrawing(removed, strokesOf[id], null));
    }

    public Task<long> SaveAgainAsync(SavedDrawing deleted, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing(writing: true);
        var again = deleted.Summary with { Id = nextId++ };
        drawings.Add(again);
        strokesOf[again.Id] = deleted.Strokes;
        Changed?.Invoke();
        return Task.FromResult(again.Id);
    }

    /// <summary>Reads the archive as the server does and saves every drawing in it, or none.</summary>
    public async Task<int> ImportAsync(Stream archive, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing(writing: true);
        var read = await DrawingsArchive.ReadAsync(archive, cancellationToken);
        foreach (var drawing in read)
        {
            var id = nextId++;
            drawings.Add(new SavedDrawingSummary(id, drawing.Label, drawing.Image, false, drawing.Predictions, drawing.CreatedAt, drawing.RelabeledAt)
            {
                ReadAsOneDigit = drawing.ReadAsOneDigit,
            });
            strokesOf[id] = drawing.Strokes;
        }

        if (read.Count > 0)
        {
            Changed?.Invoke();
        }

        return read.Count;
    }

    /// <summary>How many measured drawings the measurement says were read differently today from the image stored when saved.</summary>
    public int ChangedSinceSaved { get; set; }

    /// <summary>The drawings the measurement says most of the CNNs find unlike any digit they learned.</summary>
    public HashSet<long> Unfamiliar { get; } = [];

    /// <summary>When set, the ensemble answers this digit to every drawing.</summary>
    public int? EnsembleAnswer { get; set; }

    /// <summary>nn always answers 1 (the ensemble <see cref="EnsembleAnswer"/> when set); the other models answer the true label.</summary>
    public Task<DrawingsMeasurement> MeasureAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        var measured = drawings.Where(d => !d.LooksLikeSeveralDigits).OrderBy(d => d.Id).ToArray();
        var labels = measured.Select(d => (byte)d.Label).ToArray();
        var models = FakeDigitClassifier.AllReady().Select(status =>
        {
            var probabilities = labels.SelectMany(label => FakeDigitClassifier.Probabilities(
                status.ModelId == "nn" ? 1 : status.ModelId == ModelCatalog.EnsembleId && EnsembleAnswer is { } answer ? answer : label, 0.9f)).ToArray();
            return new ModelOnDrawings(status with { TestAccuracy = 0.99 },
                TestMetrics.Compute(status.ModelId, SavedDrawing.DatasetName, labels, probabilities, DateTimeOffset.UnixEpoch));
        }).ToArray();
        return Task.FromResult(new DrawingsMeasurement(labels.Length, models, drawings.Count(d => d.LooksLikeSeveralDigits), ChangedSinceSaved)
        {
            DrawingIds = measured.Select(d => d.Id).ToArray(),
            UnfamiliarIds = measured.Select(d => d.Id).Where(Unfamiliar.Contains).ToArray(),
            Images = new LabeledImages([.. measured.SelectMany(d => d.Image)], labels),
        });
    }

    private void ThrowIfFailing(bool writing = false)
    {
        if (writing && WriteFailure is not null)
        {
            throw WriteFailure;
        }

        if (Failure is not null)
        {
            throw Failure;
        }
    }

    public static DataFileException Refused(string path) =>
        new(path, "is a SQLite database of another program (tables: customers; no MnistBlazor drawings schema).");
}
