using MnistBlazor.Client.Drawing;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Client.Tests.Drawing;

public sealed class PadHistoryTests
{
    private static Stroke StrokeAt(float x) => new([new StrokePoint(x, 10), new StrokePoint(x, 200)], 20);

    [Fact]
    public void Undo_and_redo_walk_back_and_forth_through_strokes_drawn_and_a_clear()
    {
        var history = new PadHistory();
        var strokes = new List<Stroke>();
        foreach (var stroke in new[] { StrokeAt(10), StrokeAt(20) })
        {
            strokes.Add(stroke);
            history.Drew(stroke);
        }

        var drawn = strokes.ToArray();
        history.Cleared(strokes);
        strokes.Clear();

        Assert.True(history.Undo(strokes));
        Assert.Equal(drawn, strokes);
        Assert.True(history.Undo(strokes));
        Assert.True(history.Undo(strokes));
        Assert.Empty(strokes);
        Assert.False(history.Undo(strokes));
        Assert.False(history.CanUndo);

        Assert.True(history.Redo(strokes));
        Assert.True(history.Redo(strokes));
        Assert.Equal(drawn, strokes);
        Assert.True(history.Redo(strokes));
        Assert.Empty(strokes);
        Assert.False(history.Redo(strokes));
    }

    [Fact]
    public void It_keeps_the_latest_changes_up_to_its_bound_and_forgets_the_oldest()
    {
        var history = new PadHistory();
        var strokes = new List<Stroke>();
        for (var i = 0; i < PadHistory.MostChanges + 5; i++)
        {
            var stroke = StrokeAt(i % 280);
            strokes.Add(stroke);
            history.Drew(stroke);
        }

        var undone = 0;
        while (history.Undo(strokes))
        {
            undone++;
        }

        Assert.Equal(PadHistory.MostChanges, undone);
        Assert.Equal(5, strokes.Count); // the five oldest strokes stay: their drawing was forgotten
    }
}
