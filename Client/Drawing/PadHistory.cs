using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Client.Drawing;

/// <summary>
/// What was done to the pad's strokes, to undo and redo: a stroke drawn, or every stroke cleared (so a clear by mistake,
/// an Escape pressed too soon, takes nothing for good). A change made after an undo drops what could be redone. It keeps
/// the strokes it may give back, at most <see cref="MostChanges"/> changes (the oldest go first).
/// </summary>
public sealed class PadHistory
{
    /// <summary>As many changes as a drawing may have strokes, twice over (each may have been cleared and drawn again).</summary>
    public const int MostChanges = 2 * DrawingLimits.MaxStrokes;

    private readonly List<Change> done = [];
    private readonly List<Change> undone = [];

    public bool CanUndo => done.Count > 0;

    public bool CanRedo => undone.Count > 0;

    /// <summary><paramref name="stroke"/> was added to the strokes.</summary>
    public void Drew(Stroke stroke) => Did(new Change(stroke, null));

    /// <summary>Every one of <paramref name="strokes"/> is about to be taken off.</summary>
    public void Cleared(IReadOnlyList<Stroke> strokes) => Did(new Change(null, [.. strokes]));

    /// <summary>The pad now holds <paramref name="strokes"/>, loaded: undo takes them off one by one, as if they had been drawn.</summary>
    public void Loaded(IReadOnlyList<Stroke> strokes)
    {
        done.Clear();
        undone.Clear();
        foreach (var stroke in strokes.TakeLast(MostChanges))
        {
            done.Add(new Change(stroke, null));
        }
    }

    /// <summary>Undoes the latest change on <paramref name="strokes"/> (the pad's, as the changes left them); false when there is none.</summary>
    public bool Undo(List<Stroke> strokes)
    {
        ArgumentNullException.ThrowIfNull(strokes);
        if (done.Count == 0)
        {
            return false;
        }

        var change = done[^1];
        done.RemoveAt(done.Count - 1);
        if (change.Cleared is { } cleared)
        {
            strokes.AddRange(cleared);
        }
        else
        {
            strokes.RemoveAt(strokes.Count - 1);
        }

        undone.Add(change);
        return true;
    }

    /// <summary>Does again the latest change undone on <paramref name="strokes"/>; false when there is none.</summary>
    public bool Redo(List<Stroke> strokes)
    {
        ArgumentNullException.ThrowIfNull(strokes);
        if (undone.Count == 0)
        {
            return false;
        }

        var change = undone[^1];
        undone.RemoveAt(undone.Count - 1);
        if (change.Drawn is { } drawn)
        {
            strokes.Add(drawn);
        }
        else
        {
            strokes.Clear();
        }

        done.Add(change);
        return true;
    }

    private void Did(Change change)
    {
        undone.Clear();
        if (done.Count == MostChanges)
        {
            done.RemoveAt(0);
        }

        done.Add(change);
    }

    /// <param name="Drawn">The stroke drawn, or null for a clear.</param>
    /// <param name="Cleared">The strokes a clear took off, or null for a stroke drawn.</param>
    private sealed record Change(Stroke? Drawn, Stroke[]? Cleared);
}
