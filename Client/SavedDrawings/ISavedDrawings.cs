using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Client.SavedDrawings;

/// <summary>
/// The drawings people saved with their true label. Implemented by the server (SQLite store). When
/// the database cannot be used, calls throw <see cref="MnistBlazor.Shared.Data.DataFileException"/>
/// naming the file (refused when opened) or <see cref="MnistBlazor.Shared.Drawings.DrawingStorageException"/>
/// (busy, full, deleted or replaced while in use; an <see cref="IOException"/>).
/// </summary>
public interface ISavedDrawings
{
    /// <summary>The database file's name (shown to people; never the server's absolute path).</summary>
    string Location { get; }

    /// <summary>Raised (on any thread) after a drawing was saved (or drawings imported), relabelled, said to be one digit or not, or deleted.</summary>
    event Action? Changed;

    /// <summary>
    /// Saves a drawing: the server preprocesses the strokes into the stored 28x28 image. Throws
    /// <see cref="ArgumentException"/> when it is blank or several digits side by side, unless the person said it is
    /// one digit (<paramref name="readAsOneDigit"/>, <see cref="NewDrawing.ReadAsOneDigit"/>).
    /// </summary>
    Task<long> SaveAsync(
        int label, StrokeDrawing strokes, byte[]? canvasPng, IReadOnlyList<DrawingPrediction> predictions, bool readAsOneDigit = false, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves a digit read from an opened image (a scan or a photo; of a number, one of its digits): its 28x28 image is
    /// kept, with no strokes. Throws <see cref="ArgumentException"/> when it is blank or several digits side by side,
    /// unless the person said it is one digit (<paramref name="readAsOneDigit"/>).
    /// </summary>
    Task<long> SaveImageAsync(
        int label, PreprocessedDigit digit, IReadOnlyList<DrawingPrediction> predictions, bool readAsOneDigit = false, CancellationToken cancellationToken = default);

    /// <summary>Every saved drawing, by label, then in saving order.</summary>
    Task<IReadOnlyList<SavedDrawingSummary>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The archives that hold every saved drawing with its strokes (<see cref="DrawingsArchive.Parts"/>): one when they
    /// fit in the one file an import reads, none without drawings. Owner only, as the archives are.
    /// </summary>
    Task<IReadOnlyList<DrawingsArchivePart>> ArchivePartsAsync(CancellationToken cancellationToken = default);

    /// <summary>One saved drawing with its strokes (without its canvas capture), or null when there is no such drawing.</summary>
    Task<SavedDrawing?> GetAsync(long id, CancellationToken cancellationToken = default);

    Task<bool> RelabelAsync(long id, int label, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records whether the person says a saved drawing is one digit though its ink stands in parts side by side
    /// (<see cref="NewDrawing.ReadAsOneDigit"/>): one digit, it is measured and learned from; otherwise left out as
    /// several digits. False when there is no such drawing.
    /// </summary>
    Task<bool> SetReadAsOneDigitAsync(long id, bool readAsOneDigit, CancellationToken cancellationToken = default);

    /// <summary>Deletes a drawing and gives back everything it was, so the deletion can be undone; null when there is no such drawing.</summary>
    Task<SavedDrawing?> DeleteAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Saves a drawing <see cref="DeleteAsync"/> gave back again, as it was (the deletion undone), under a new id, which it returns.</summary>
    Task<long> SaveAgainAsync(SavedDrawing deleted, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves every drawing of an archive (<see cref="DrawingsArchive"/>: My digits' "All, with strokes", of this server or
    /// another) as it was, under new ids: all of them or, when one is not valid, none. Returns how many were saved.
    /// Throws <see cref="FormatException"/> naming the drawing and field at fault.
    /// </summary>
    Task<int> ImportAsync(Stream archive, CancellationToken cancellationToken = default);

    /// <summary>Every model's accuracy, per-class accuracy and confusion on the saved drawings, with the models as they are now.</summary>
    Task<DrawingsMeasurement> MeasureAsync(CancellationToken cancellationToken = default);
}
