using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Infrastructure;

namespace MnistBlazor.Shared.Drawings;

/// <summary>
/// The saved drawings as today's preprocessing reads their strokes. The image stored with a drawing is what the models
/// saw when it was saved; the preprocessing has changed since (stray ink is left out, for one), so measuring, fine-tuning
/// and exporting read each drawing's strokes again, as the models would see the same strokes drawn now. A digit saved
/// from an opened image has no strokes: its stored image is read as it was saved. The same reading
/// finds the drawings that look like several digits side by side (saved before <see cref="SavableDrawing"/> refused
/// them), but for those the person said are one digit (<see cref="NewDrawing.ReadAsOneDigit"/>, asked of the store at
/// each reading, as the owner may say it later). A drawing's strokes never change once saved and ids are never reused,
/// so each drawing is preprocessed once per instance: keep one for as long as the store is open. It keeps a few bytes per drawing, and today's image only of the
/// drawings whose image changed. Thread-safe: one caller at a time reads the drawings saved since the last reading
/// (the others wait for it, each free to stop waiting), and a reading stopped part way keeps the drawings it read.
/// </summary>
public sealed class SavedDrawingsReadToday
{
    private readonly Lock gate = new();
    private readonly SemaphoreSlim readingNew = new(1, 1);
    private readonly Dictionary<long, ReadToday> read = [];
    private long examinedThrough;

    /// <summary>
    /// Which of <paramref name="drawings"/> (listed from <paramref name="store"/> now) look like several digits: their ink
    /// stands in parts side by side and the person did not say they are one digit (the listing carries their word).
    /// </summary>
    /// <exception cref="DataFileException">A drawing's strokes are not valid (names the drawing).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the drawings read so far are kept.</exception>
    public IReadOnlySet<long> SeveralDigitsAmong(DrawingStore store, IEnumerable<SavedDrawingSummary> drawings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(drawings);
        CatchUp(store, cancellationToken);
        lock (gate)
        {
            return drawings
                .Where(drawing => !drawing.ReadAsOneDigit && read.TryGetValue(drawing.Id, out var readToday) && readToday.InParts)
                .Select(drawing => drawing.Id)
                .ToHashSet();
        }
    }

    /// <summary>
    /// Whether one drawing read from the store looks like several digits, as <see cref="SeveralDigitsAmong"/> says: from
    /// an earlier reading, else from its own strokes alone (the drawings saved since the last reading are left for the next).
    /// </summary>
    public bool LooksLikeSeveralDigits(SavedDrawing drawing, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(drawing);
        if (drawing.Summary.ReadAsOneDigit || drawing.FromImage)
        {
            return false;
        }

        lock (gate)
        {
            if (read.TryGetValue(drawing.Summary.Id, out var known))
            {
                return known.InParts;
            }
        }

        return DigitPreprocessor.Preprocess(drawing.Strokes, cancellationToken).LooksLikeSeveralDigits;
    }

    /// <summary>Every saved drawing with its label now and its strokes' image today, in saving order.</summary>
    /// <exception cref="DataFileException">A drawing's strokes are not valid (names the drawing).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the drawings read so far are kept.</exception>
    public DrawingsReadToday Read(DrawingStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var saved = store.ReadLabeledImages();
        var pixels = new byte[saved.Ids.Count * MnistGeometry.PixelCount];
        var severalDigits = new HashSet<long>();
        var changed = new HashSet<long>();
        CatchUp(store, cancellationToken);
        var oneDigit = store.ReadAsOneDigitIds();
        lock (gate)
        {
            for (var i = 0; i < saved.Ids.Count; i++)
            {
                var target = pixels.AsSpan(i * MnistGeometry.PixelCount, MnistGeometry.PixelCount);
                var stored = saved.Images.ImageBytes(i);

                // Deleted between the two reads: nothing was preprocessed, and it is gone at the next read anyway.
                if (!read.TryGetValue(saved.Ids[i], out var drawing))
                {
                    stored.CopyTo(target);
                    continue;
                }

                if (drawing.ChangedImage is { } image)
                {
                    image.CopyTo(target);
                    changed.Add(saved.Ids[i]);
                }
                else
                {
                    stored.CopyTo(target);
                }

                if (drawing.InParts && !oneDigit.Contains(saved.Ids[i]))
                {
                    severalDigits.Add(saved.Ids[i]);
                }
            }
        }

        return new DrawingsReadToday(new LabeledDrawings(saved.Ids, new LabeledImages(pixels, saved.Images.Labels)), severalDigits, changed);
    }

    /// <summary>
    /// Preprocesses the drawings saved since the last reading (all of them the first time), outside the lock that answers
    /// from what was read; every other reading does this first.
    /// </summary>
    /// <returns>How many drawings it read.</returns>
    /// <exception cref="DataFileException">A drawing's strokes are not valid (names the drawing).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the drawings read so far are kept.</exception>
    public int CatchUp(DrawingStore store, CancellationToken cancellationToken = default)
    {
        readingNew.Wait(cancellationToken);
        var count = 0;
        try
        {
            long after;
            lock (gate)
            {
                after = examinedThrough;
            }

            foreach (var (id, strokes, stored) in store.ReadStrokes(afterId: after))
            {
                if (strokes.Strokes.Count == 0)
                {
                    // Saved from an opened image: its stored image is all there is, read as it was saved.
                    lock (gate)
                    {
                        read[id] = new ReadToday(null, InParts: false);
                        examinedThrough = id;
                    }

                    count++;
                    continue;
                }

                var digit = DigitPreprocessor.Preprocess(strokes, cancellationToken);
                var image = DrawingImage.ToBytes(digit.Pixels);
                lock (gate)
                {
                    read[id] = new ReadToday(image.AsSpan().SequenceEqual(stored) ? null : image, digit.LooksLikeSeveralDigits);
                    examinedThrough = id;
                }

                count++;
            }
        }
        finally
        {
            readingNew.Release();
        }

        return count;
    }

    /// <param name="ChangedImage">Today's image when it differs from the stored one (kept only then: most do not).</param>
    /// <param name="InParts">Its ink stands in parts side by side as a number's digits do (<see cref="PreprocessedDigit.LooksLikeSeveralDigits"/>).</param>
    private sealed record ReadToday(byte[]? ChangedImage, bool InParts);
}

/// <summary>The saved drawings read with today's preprocessing.</summary>
/// <param name="All">Every drawing, its image from its strokes today.</param>
/// <param name="SeveralDigits">The drawings that look like several digits side by side: the models read one digit per image.</param>
/// <param name="ChangedSinceSaved">The drawings whose image today differs from the one stored when they were saved.</param>
public sealed record DrawingsReadToday(LabeledDrawings All, IReadOnlySet<long> SeveralDigits, IReadOnlySet<long> ChangedSinceSaved)
{
    /// <summary>The drawings that are one digit, as measurement and fine-tuning read them.</summary>
    public LabeledDrawings SingleDigits { get; } = All.Without(SeveralDigits);

    /// <summary>How many of the single digits' images today differ from the ones stored when they were saved.</summary>
    public int SingleDigitsChangedSinceSaved => SingleDigits.Ids.Count(ChangedSinceSaved.Contains);
}
