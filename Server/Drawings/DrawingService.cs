using Microsoft.Extensions.Options;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Client.SavedDrawings;
using MnistBlazor.Server.Inference;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Infrastructure;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Server.Drawings;

/// <summary>
/// The saved drawings for the web app: the store (a SQLite file, or a shared PostgreSQL database), opened on first use (a refused file is
/// reported on every call until it is fixed, without a restart), and measurement of every model
/// on the drawings with the models loaded now. A measurement is computed once per version of the
/// drawings and of the model files, however many pages ask for it (concurrent askers share one run).
/// Errors name the database by its file name (or database name) only: the server's paths and connection string are not shown to clients.
/// </summary>
public sealed class DrawingService : ISavedDrawings, IDisposable
{
    private readonly OnnxDigitClassifier classifier;
    private readonly InferenceCores cores;
    private readonly TimeProvider clock;
    private readonly ILogger<DrawingService> logger;
    private readonly DrawingStoreOptions storeOptions;
    private readonly Lock gate = new();
    private readonly SavedDrawingsReadToday readToday = new();
    private DrawingStore? store;
    private (string Key, Task<DrawingsMeasurement> Run)? measurement;
    private int measurementRuns;
    private int imagesClassifiedForMeasurement;

    /// <summary>
    /// How many drawings a measurement gives every model at once: less work per image than one at a time, and a batch
    /// holds its core about as long as one of the comparison page's (<see cref="Insights.BackgroundModelRuns.BatchSize"/>
    /// images through one model), some tens of milliseconds, before a waiting request gets it.
    /// </summary>
    private const int MeasurementBatchSize = 12;

    private (string ModelsVersion, IReadOnlyDictionary<long, DigitClassification> ById) measuredAnswers = ("", new Dictionary<long, DigitClassification>());

    public DrawingService(
        IOptions<DrawingsOptions> options, OnnxDigitClassifier classifier, ILogger<DrawingService> logger, TimeProvider? clock = null, InferenceCores? cores = null)
    {
        this.classifier = classifier;
        this.cores = cores ?? new InferenceCores();
        this.logger = logger;
        this.clock = clock ?? TimeProvider.System;
        Database = options.Value.ResolveDatabase();
        storeOptions = options.Value.StoreOptions();
        MaxCanvasPngBytes = options.Value.MaxCanvasPngBytes;
        IsPrivate = options.Value.Private;
    }

    /// <summary>The database's name (what people see: the file's name, or the PostgreSQL database's name and host).</summary>
    public string Location => Database.Name;

    /// <summary>Where the drawings are.</summary>
    public DrawingsDatabase Database { get; }

    /// <summary>How many measurements were computed (not served from the cache) since start.</summary>
    public int MeasurementRuns => Volatile.Read(ref measurementRuns);

    /// <summary>How many drawings the measurements since start have classified (each is classified once per version of the models).</summary>
    public int ImagesClassifiedForMeasurement => Volatile.Read(ref imagesClassifiedForMeasurement);

    public long MaxCanvasPngBytes { get; }

    /// <summary>Whether only the owner sees the drawings (<see cref="DrawingsOptions.Private"/>).</summary>
    public bool IsPrivate { get; }

    public event Action? Changed;

    /// <summary>The open store; throws <see cref="DataFileException"/> when the database is refused (or, for PostgreSQL, cannot be reached).</summary>
    public DrawingStore Store
    {
        get
        {
            lock (gate)
            {
                if (store is null)
                {
                    try
                    {
                        store = DrawingStore.Open(Database, storeOptions);
                    }
                    catch (DataFileException e)
                    {
                        logger.LogError("Saved drawings are unavailable: {Reason}", e.Message);
                        throw e.Named(Location);
                    }
                }

                return store;
            }
        }
    }

    /// <summary>
    /// Saves a drawing with its true <paramref name="label"/>, its strokes preprocessed into the stored image; ink in parts
    /// side by side only when the person said it is one digit (<paramref name="readAsOneDigit"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The drawing is blank, or several digits side by side and the person did not say it is one (<see cref="SavableDrawing"/>).</exception>
    public Task<long> SaveAsync(
        int label, StrokeDrawing strokes, byte[]? canvasPng, IReadOnlyList<DrawingPrediction> predictions, bool readAsOneDigit = false, CancellationToken cancellationToken = default) =>
        Task.Run(() =>
        {
            var digit = DigitPreprocessor.Preprocess(strokes);
            if (SavableDrawing.WhyNot(digit, readAsOneDigit) is { } reason)
            {
                throw new ArgumentException(reason, nameof(strokes));
            }

            var png = canvasPng is { Length: > 0 } && canvasPng.Length <= MaxCanvasPngBytes ? canvasPng : null;
            var id = Store.Add(new NewDrawing(label, strokes, DrawingImage.ToBytes(digit.Pixels), png, predictions, clock.GetUtcNow())
            {
                ReadAsOneDigit = SavableDrawing.KeepsReadAsOneDigit(digit, readAsOneDigit),
            });
            Changed?.Invoke();
            return id;
        }, cancellationToken);

    /// <summary>
    /// Saves <paramref name="digit"/>, read from an opened image (a scan or a photo; of a number, one of its digits), with
    /// its true <paramref name="label"/>: its 28x28 image is kept, with no strokes.
    /// </summary>
    /// <exception cref="ArgumentException">The digit is blank or several digits side by side, and the person did not say it is one (<see cref="SavableDrawing"/>).</exception>
    public Task<long> SaveImageAsync(
        int label, PreprocessedDigit digit, IReadOnlyList<DrawingPrediction> predictions, bool readAsOneDigit = false, CancellationToken cancellationToken = default) =>
        Task.Run(() =>
        {
            if (SavableDrawing.WhyNot(digit, readAsOneDigit) is { } reason)
            {
                throw new ArgumentException(reason, nameof(digit));
            }

            var id = Store.Add(NewDrawing.FromImage(label, DrawingImage.ToBytes(digit.Pixels), predictions, clock.GetUtcNow()) with
            {
                ReadAsOneDigit = SavableDrawing.KeepsReadAsOneDigit(digit, readAsOneDigit),
            });
            Changed?.Invoke();
            return id;
        }, cancellationToken);

    /// <summary>
    /// Every saved drawing, as saved (its image and the models' answers then), those that look like several digits side by
    /// side flagged (<see cref="SavedDrawingsReadToday"/>).
    /// A drawing whose strokes cannot be read (written by another program) leaves the list unflagged rather than
    /// unreadable; the measurement reports it.
    /// </summary>
    public Task<IReadOnlyList<SavedDrawingSummary>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.Run(() =>
        {
            var current = Store;
            var drawings = current.List();
            IReadOnlySet<long> severalDigits;
            try
            {
                severalDigits = readToday.SeveralDigitsAmong(current, drawings, cancellationToken);
            }
            catch (DataFileException e)
            {
                logger.LogWarning("Saved drawings listed without looking for several digits side by side: {Reason}", e.Message);
                return drawings;
            }

            return severalDigits.Count == 0
                ? drawings
                : drawings.Select(d => severalDigits.Contains(d.Id) ? d with { LooksLikeSeveralDigits = true } : d).ToArray();
        }, cancellationToken);

    /// <summary>
    /// One saved drawing with its strokes, flagged as <see cref="ListAsync"/> flags it, without its canvas capture. Reads no
    /// other drawing: opening one drawing soon after a start does not wait for all of them to be read.
    /// </summary>
    public Task<SavedDrawing?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        Task.Run(() =>
        {
            var current = Store;
            if (current.Get(id, withCanvasPng: false) is not { } saved)
            {
                return null;
            }

            return saved with { Summary = saved.Summary with { LooksLikeSeveralDigits = readToday.LooksLikeSeveralDigits(saved, cancellationToken) } };
        }, cancellationToken);

    public Task<bool> RelabelAsync(long id, int label, CancellationToken cancellationToken = default) =>
        Task.Run(() => Notify(Store.Relabel(id, label, clock.GetUtcNow())), cancellationToken);

    public Task<bool> SetReadAsOneDigitAsync(long id, bool readAsOneDigit, CancellationToken cancellationToken = default) =>
        Task.Run(() => Notify(Store.SetReadAsOneDigit(id, readAsOneDigit)), cancellationToken);

    public Task<SavedDrawing?> DeleteAsync(long id, CancellationToken cancellationToken = default) =>
        Task.Run(() =>
        {
            var deleted = Store.Delete(id);
            Notify(deleted is not null);
            return deleted;
        }, cancellationToken);

    /// <summary>Saves a deleted drawing again as it was (a deletion undone), under a new id; a canvas capture over the limit is left out.</summary>
    public Task<long> SaveAgainAsync(SavedDrawing deleted, CancellationToken cancellationToken = default) =>
        Task.Run(() =>
        {
            ArgumentNullException.ThrowIfNull(deleted);
            var again = deleted.AsSavedAgain();
            var id = Store.Add(again.CanvasPng is { } png && png.Length > MaxCanvasPngBytes ? again with { CanvasPng = null } : again);
            Changed?.Invoke();
            return id;
        }, cancellationToken);

    /// <summary>Saves every drawing of <paramref name="archive"/> in one transaction (<see cref="DrawingsArchive"/>); returns how many.</summary>
    /// <exception cref="FormatException">The archive, or a drawing in it, is not valid (names which and why); nothing is saved.</exception>
    public async Task<int> ImportAsync(Stream archive, CancellationToken cancellationToken = default)
    {
        var drawings = await DrawingsArchive.ReadAsync(archive, cancellationToken);
        if (drawings.Count == 0)
        {
            return 0;
        }

        await Task.Run(() => Store.AddAll(drawings), cancellationToken);
        Changed?.Invoke();
        return drawings.Count;
    }

    /// <summary>
    /// The archives the drawings with ids from <paramref name="firstId"/> to <paramref name="lastId"/> (all by default)
    /// take: one when they fit in one, none without drawings (<see cref="DrawingsArchive.Parts"/>).
    /// </summary>
    public IReadOnlyList<DrawingsArchivePart> ArchiveParts(long firstId = 1, long lastId = long.MaxValue) =>
        DrawingsArchive.Parts(Store.ReadArchiveSizes(firstId, lastId));

    public Task<IReadOnlyList<DrawingsArchivePart>> ArchivePartsAsync(CancellationToken cancellationToken = default) =>
        Task.Run(() => ArchiveParts(), cancellationToken);

    /// <summary>
    /// Writes the drawings with ids from <paramref name="firstId"/> to <paramref name="lastId"/>, in saving order, with
    /// their strokes as an archive (<see cref="DrawingsArchive"/>); <see cref="ArchiveParts"/> says whether they fit in one.
    /// </summary>
    public void ExportArchive(Stream output, long firstId = 1, long lastId = long.MaxValue, CancellationToken cancellationToken = default)
    {
        var drawings = Store.ReadForArchive(firstId, lastId);
        cancellationToken.ThrowIfCancellationRequested();
        DrawingsArchive.Write(output, drawings);
    }

    /// <summary>
    /// What the first visit to the saved drawings after a start would otherwise wait for: every drawing's strokes read
    /// with today's preprocessing and, when a model is loaded, the models' measurement on them (kept until the drawings or
    /// the models change). A database that cannot be used is left for the pages to report.
    /// </summary>
    /// <returns>How many drawings were read, and whether the models were measured on them.</returns>
    public async Task<(int DrawingsRead, bool Measured)> WarmUpAsync(CancellationToken cancellationToken = default)
    {
        var drawingsRead = await Task.Run(() => readToday.CatchUp(Store, cancellationToken), cancellationToken);
        if (!classifier.Models.Any(model => model.IsReady))
        {
            return (drawingsRead, false);
        }

        await MeasureAsync(cancellationToken);
        return (drawingsRead, true);
    }

    /// <summary>
    /// The measurement for the drawings and model files as they are now: from the cache when neither
    /// changed, else computed once (askers meanwhile share the run; one asker cancelling stops only its wait).
    /// </summary>
    public Task<DrawingsMeasurement> MeasureAsync(CancellationToken cancellationToken = default) =>
        Task.Run(async () =>
        {
            var current = Store;
            var key = $"{current.Version()}|{classifier.ModelsVersion}";
            Task<DrawingsMeasurement> run;
            lock (gate)
            {
                if (measurement is { } cached && cached.Key == key && !cached.Run.IsFaulted && !cached.Run.IsCanceled)
                {
                    run = cached.Run;
                }
                else
                {
                    Interlocked.Increment(ref measurementRuns);
                    run = Task.Run(() => MeasureSingleDigitsAsync(current));
                    measurement = (key, run);
                }
            }

            return WithTestAccuracyNow(await run.WaitAsync(cancellationToken));
        }, cancellationToken);

    /// <summary>
    /// The measurement with each model's MNIST figure as it is now: it can change while the models do not (the ensemble's
    /// is measured once its members have loaded), and the drawings need not be measured again for it.
    /// </summary>
    private DrawingsMeasurement WithTestAccuracyNow(DrawingsMeasurement measured)
    {
        var now = classifier.Models.ToDictionary(status => status.ModelId, status => status.TestAccuracy, StringComparer.Ordinal);
        return measured with
        {
            Models = measured.Models
                .Select(model => now.TryGetValue(model.Status.ModelId, out var accuracy) ? model with { Status = model.Status with { TestAccuracy = accuracy } } : model)
                .ToArray(),
        };
    }

    /// <summary>
    /// Every saved drawing with its image from its strokes as the models would see them today (what the measurement,
    /// fine-tuning and the exports read).
    /// </summary>
    /// <exception cref="DataFileException">The database is refused, or a drawing's strokes are not valid (names the drawing).</exception>
    public DrawingsReadToday ReadToday(CancellationToken cancellationToken = default) => readToday.Read(Store, cancellationToken);

    /// <summary>The measurement on the saved drawings that are one digit, as fine-tuning and <c>evaluate --drawings</c> read them.</summary>
    private async Task<DrawingsMeasurement> MeasureSingleDigitsAsync(DrawingStore current)
    {
        var drawings = readToday.Read(current);
        var measured = drawings.SingleDigits;
        var measurement = await MeasureAsync(measured.Images, measured.Ids);
        return measurement with
        {
            SeveralDigitsLeftOut = drawings.SeveralDigits.Count,
            ChangedSinceSaved = drawings.SingleDigitsChangedSinceSaved,
        };
    }

    /// <summary>
    /// Classifies the images of <paramref name="ids"/> that <paramref name="answers"/> has no answer for, into it:
    /// <see cref="MeasurementBatchSize"/> at a time, each batch on a core taken as background work.
    /// </summary>
    private async Task ClassifyTheOthersAsync(
        LabeledImages images, IReadOnlyList<long> ids, Dictionary<long, DigitClassification> answers, CancellationToken cancellationToken)
    {
        var unanswered = Enumerable.Range(0, images.Count).Where(i => !answers.ContainsKey(ids[i])).ToArray();
        foreach (var batch in unanswered.Chunk(MeasurementBatchSize))
        {
            var pixels = new float[batch.Length * MnistGeometry.PixelCount];
            for (var j = 0; j < batch.Length; j++)
            {
                images.ImageAsFloats(batch[j]).CopyTo(pixels, j * MnistGeometry.PixelCount);
            }

            IReadOnlyList<DigitClassification> classified;
            using (await cores.ForBackgroundAsync(cancellationToken))
            {
                classified = classifier.ClassifyAll(pixels, batch.Length, cancellationToken);
            }

            for (var j = 0; j < batch.Length; j++)
            {
                answers[ids[batch[j]]] = classified[j];
            }

            Interlocked.Add(ref imagesClassifiedForMeasurement, batch.Length);
        }
    }

    /// <summary>
    /// Runs every model on each image not classified since the models last changed (the ensemble as the app computes it)
    /// and scores the answers; the models run on <see cref="MeasurementBatchSize"/> images at a time on a core taken as
    /// background work (<see cref="InferenceCores"/>), so classifications that people are waiting for go first.
    /// <paramref name="ids"/> names the images, in order.
    /// </summary>
    private async Task<DrawingsMeasurement> MeasureAsync(LabeledImages images, IReadOnlyList<long> ids, CancellationToken cancellationToken = default)
    {
        var labels = images.Labels ?? throw new ArgumentException("The drawings have no labels.", nameof(images));
        // A drawing's image today never changes, so its answers hold until the models change: a save or a relabelling
        // classifies one drawing or none, not all of them again.
        var modelsVersion = classifier.ModelsVersion;
        var statuses = classifier.Models;
        IReadOnlyDictionary<long, DigitClassification> known;
        lock (gate)
        {
            known = measuredAnswers.ModelsVersion == modelsVersion ? measuredAnswers.ById : new Dictionary<long, DigitClassification>();
        }

        var answers = ids.Where(known.ContainsKey).ToDictionary(id => id, id => known[id]);
        await ClassifyTheOthersAsync(images, ids, answers, cancellationToken);
        var probabilities = statuses.ToDictionary(s => s.ModelId, _ => new float[images.Count * MnistGeometry.ClassCount], StringComparer.Ordinal);
        var answeredAll = statuses.ToDictionary(s => s.ModelId, _ => images.Count > 0, StringComparer.Ordinal);
        var unfamiliar = new List<long>();
        for (var i = 0; i < images.Count; i++)
        {
            var classification = answers[ids[i]];
            if (classification.IsUnfamiliar)
            {
                unfamiliar.Add(ids[i]);
            }

            foreach (var verdict in classification.Verdicts)
            {
                if (!probabilities.TryGetValue(verdict.ModelId, out var into))
                {
                    continue;
                }

                if (verdict.Probabilities is { Count: MnistGeometry.ClassCount } answer)
                {
                    for (var digit = 0; digit < MnistGeometry.ClassCount; digit++)
                    {
                        into[i * MnistGeometry.ClassCount + digit] = answer[digit];
                    }
                }
                else
                {
                    answeredAll[verdict.ModelId] = false;
                }
            }
        }

        lock (gate)
        {
            // Answers given while the models changed may mix two versions: they are not kept.
            if (classifier.ModelsVersion == modelsVersion)
            {
                measuredAnswers = (modelsVersion, answers);
            }
        }

        var now = clock.GetUtcNow();
        var models = statuses.Select(status => new ModelOnDrawings(
            status,
            answeredAll[status.ModelId]
                ? TestMetrics.Compute(status.ModelId, SavedDrawing.DatasetName, labels, probabilities[status.ModelId], now)
                : null)).ToArray();
        return new DrawingsMeasurement(images.Count, models) { DrawingIds = ids, Images = images, UnfamiliarIds = unfamiliar };
    }

    private bool Notify(bool changed)
    {
        if (changed)
        {
            Changed?.Invoke();
        }

        return changed;
    }

    public void Dispose()
    {
        lock (gate)
        {
            store?.Dispose();
            store = null;
        }
    }
}
