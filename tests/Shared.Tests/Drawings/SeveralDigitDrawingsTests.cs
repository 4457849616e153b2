using Microsoft.Data.Sqlite;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Infrastructure;

namespace MnistBlazor.Shared.Tests.Drawings;

public sealed class SeveralDigitDrawingsTests : IDisposable
{
    private readonly TemporaryDirectory folder = new();
    private readonly DrawingStore store;

    public SeveralDigitDrawingsTests() => store = DrawingStore.Open(folder.File("drawings.db"));

    public void Dispose()
    {
        store.Dispose();
        SqliteConnection.ClearAllPools();
        folder.Dispose();
    }

    [Fact]
    public void Finds_the_drawings_whose_strokes_stand_apart_as_several_digits()
    {
        var one = store.Add(SampleDrawings.Of(1));
        var eleven = store.Add(SampleDrawings.Of(1, SampleStrokes.Eleven));
        var seven = store.Add(SampleDrawings.Of(7));

        var found = new SeveralDigitDrawings().Among(store, [one, eleven, seven]);

        Assert.Equal([eleven], found);
    }

    [Fact]
    public void Drawings_saved_after_a_look_are_examined_at_the_next_one()
    {
        var finder = new SeveralDigitDrawings();
        var first = store.Add(SampleDrawings.Of(1, SampleStrokes.Eleven));
        Assert.Equal([first], finder.Among(store, [first]));

        var second = store.Add(SampleDrawings.Of(1, SampleStrokes.Eleven));
        var third = store.Add(SampleDrawings.Of(1));

        Assert.Equal([first, second], finder.Among(store, [first, second, third]).Order());
    }

    [Fact]
    public void Only_the_ids_asked_about_are_answered_so_deleted_drawings_drop_out()
    {
        var finder = new SeveralDigitDrawings();
        var deleted = store.Add(SampleDrawings.Of(1, SampleStrokes.Eleven));
        var kept = store.Add(SampleDrawings.Of(1, SampleStrokes.Eleven));
        finder.Among(store, [deleted, kept]);
        store.Delete(deleted);

        Assert.Equal([kept], finder.Among(store, store.List().Select(d => d.Id)));
    }
}
