using Microsoft.Data.Sqlite;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Infrastructure;
using MnistBlazor.Training.Drawings;
using MnistBlazor.Training.Tests.Support;

namespace MnistBlazor.Training.Tests.Drawings;

public sealed class SavedDrawingsSetTests : IDisposable
{
    private static readonly StrokeDrawing One = SampleStrokes.One;

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
        }

        Assert.Equal(0, saved.ChangedSinceSaved);
        Assert.Null(saved.ReadAgainMessage);

        Assert.Equal(
            "Left out 2 saved drawings that look like several digits side by side (ids 2, 4): the models read one digit per image. "
            + "On the My digits page, mark each that is one digit written in parts \"One digit\"; delete the others, and save each of their digits on its own.",
            saved.LeftOutMessage);
    }

    [Fact]
    public void A_drawing_in_parts_the_person_said_is_one_digit_is_learned_from_as_one_digit()
    {
        using (var store = DrawingStore.Open(Database))
        {
            var inParts = DrawingImage.ToBytes(DigitPreprocessor.Preprocess(SampleStrokes.Eleven).Pixels);
            store.Add(new NewDrawing(0, SampleStrokes.Eleven, inParts, null, [], DateTimeOffset.UnixEpoch) { ReadAsOneDigit = true });
            store.Add(new NewDrawing(1, SampleStrokes.Eleven, inParts, null, [], DateTimeOffset.UnixEpoch));
        }

        var saved = SavedDrawingsSet.Load(Database);

        Assert.Equal([1L], saved.Ids);
        Assert.Equal([2L], saved.SeveralDigits);
        Assert.Equal(0, saved.Set.Images.LabelOf(0));
    }

    [Fact]
    public void Drawings_are_read_from_their_strokes_as_today_s_preprocessing_reads_them_and_the_console_is_told_how_many_changed()
    {
        var imagesThen = TestData.Test.Slice(0, 3);
        using (var store = DrawingStore.Open(Database))
        {
            store.Add(new NewDrawing(1, One, imagesThen.ImageBytes(0).ToArray(), null, [], DateTimeOffset.UnixEpoch));
            store.Add(new NewDrawing(7, SampleStrokes.Seven, imagesThen.ImageBytes(1).ToArray(), null, [], DateTimeOffset.UnixEpoch));
            store.Add(new NewDrawing(0, SampleStrokes.Zero, DrawingImage.ToBytes(DigitPreprocessor.Preprocess(SampleStrokes.Zero).Pixels), null, [], DateTimeOffset.UnixEpoch));
        }

        var saved = SavedDrawingsSet.Load(Database);

        Assert.Equal(2, saved.ChangedSinceSaved);
        string[] expected = [
            "2 saved drawings are read from their strokes with today's preprocessing, which makes a different image from the one stored when saved."];
        Assert.Equal(expected, saved.Notes);
        StrokeDrawing[] strokes = [One, SampleStrokes.Seven, SampleStrokes.Zero];
        for (var i = 0; i < strokes.Length; i++)
        {
            Assert.Equal(DrawingImage.ToBytes(DigitPreprocessor.Preprocess(strokes[i]).Pixels), saved.Set.Images.ImageBytes(i).ToArray());
        }
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
            store.Add(new NewDrawing(images.LabelOf(i), strokes[i], DrawingImage.ToBytes(DigitPreprocessor.Preprocess(strokes[i]).Pixels), null, [], DateTimeOffset.UnixEpoch));
        }
    }
}
