using Microsoft.Data.Sqlite;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Infrastructure;
using MnistBlazor.Training.Drawings;
using MnistBlazor.Training.Tests.Support;

namespace MnistBlazor.Training.Tests.Drawings;

public sealed class SavedDrawingsSetTests : IDisposable
{
    /// <summary>One upright stroke: a 1.</summary>
    private static readonly StrokeDrawing One = new(280, 280, [new Stroke([new StrokePoint(140, 40), new StrokePoint(140, 240)], 20)]);


    private readonly TemporaryDirectory directory = new();

    private DrawingsDatabase Database => DrawingsDatabase.SqliteFile(directory.File("drawings.db"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        directory.Dispose();
    }

    [Fact]
    public void Drawings_of_several_digits_saved_before_they_were_refused_are_left_out_and_named()
    {
        var images = TestData.Test.Slice(0, 5);
        Save(images, [One, SampleStrokes.Eleven, One, SampleStrokes.Eleven, One]);

        var saved = SavedDrawingsSet.Load(Database);

        Assert.Equal([1L, 3L, 5L], saved.Ids);
        Assert.Equal([2L, 4L], saved.SeveralDigits);
        Assert.Equal(3, saved.Set.Images.Count);
        for (var (kept, original) = (0, 0); kept < 3; kept++, original += 2)
        {
            Assert.Equal(images.LabelOf(original), saved.Set.Images.LabelOf(kept));
            Assert.True(images.ImageBytes(original).SequenceEqual(saved.Set.Images.ImageBytes(kept)), $"image {kept}");
        }

        Assert.Equal(
            "Left out 2 saved drawings that look like several digits side by side (ids 2, 4): the models read one digit per image. "
            + "Delete them, or save each digit on its own, on the My digits page.",
            saved.LeftOutMessage);
    }

    [Fact]
    public void Single_digits_are_all_kept_with_nothing_to_report()
    {
        Save(TestData.Test.Slice(0, 2), [One, One]);

        var saved = SavedDrawingsSet.Load(Database);

        Assert.Equal([1L, 2L], saved.Ids);
        Assert.Empty(saved.SeveralDigits);
        Assert.Null(saved.LeftOutMessage);
    }

    [Fact]
    public void Only_several_digit_drawings_is_a_usage_error_saying_what_to_save()
    {
        Save(TestData.Test.Slice(0, 2), [SampleStrokes.Eleven, SampleStrokes.Eleven]);

        var error = Assert.Throws<UsageException>(() => SavedDrawingsSet.Load(Database));

        Assert.Contains("looks like several digits side by side; save single digits", error.Message);
    }

    private void Save(Shared.Data.LabeledImages images, StrokeDrawing[] strokes)
    {
        using var store = DrawingStore.Open(Database);
        for (var i = 0; i < strokes.Length; i++)
        {
            store.Add(new NewDrawing(images.LabelOf(i), strokes[i], images.ImageBytes(i).ToArray(), null, [], DateTimeOffset.UnixEpoch));
        }
    }
}
