using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Infrastructure;

namespace MnistBlazor.Shared.Drawings;

/// <summary>
/// Finds the saved drawings that look like several digits side by side: drawings saved before <see cref="SavableDrawing"/>
/// refused them, found again from their strokes with the same rule. A drawing's strokes never change once saved and ids
/// are never reused, so each drawing is preprocessed once per instance: keep one for as long as the store is open.
/// Thread-safe.
/// </summary>
public sealed class SeveralDigitDrawings
{
    private readonly Lock gate = new();
    private readonly HashSet<long> found = [];
    private long examinedThrough;

    /// <summary>Which of <paramref name="ids"/> (drawings read from <paramref name="store"/>) look like several digits.</summary>
    /// <exception cref="MnistBlazor.Shared.Data.DataFileException">A drawing's strokes are not valid (names the drawing).</exception>
    public IReadOnlySet<long> Among(DrawingStore store, IEnumerable<long> ids)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(ids);
        lock (gate)
        {
            foreach (var (id, strokes) in store.ReadStrokes(afterId: examinedThrough))
            {
                if (DigitPreprocessor.Preprocess(strokes).LooksLikeSeveralDigits)
                {
                    found.Add(id);
                }

                examinedThrough = id;
            }

            return ids.Where(found.Contains).ToHashSet();
        }
    }
}
