using Microsoft.Data.Sqlite;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Infrastructure;

namespace MnistBlazor.Shared.Tests.Drawings;

public sealed class SavedDrawingsReadTodayTests : IDisposable
{
    private readonly TemporaryDirectory folder = new();
    private readonly DrawingStore store;

    public SavedDrawingsReadTodayTests() => store = DrawingStore.Open(folder.File("drawings.db"));

    /// <summary>The drawings <paramref name="ids"/> as the store lists them now (with the person's word on each).</summary>
    private IEnumerable<SavedDrawingSummary> Listed(params long[] ids) => store.List().Where(drawing => ids.Contains(drawing.Id));

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

        var found = new SavedDrawingsReadToday().SeveralDigitsAmong(store, Listed(one, eleven, seven));

        Assert.Equal([eleven], found);
    }

    [Fact]
    public void A_drawing_in_parts_the_person_said_is_one_digit_is_read_as_one_digit_from_its_strokes()
    {
        var eleven = store.Add(SampleDrawings.Of(1, SampleStrokes.Eleven));
        var saidToBeOne = store.Add(SampleDrawings.Of(0, SampleStrokes.Eleven) with { ReadAsOneDigit = true });

        var readToday = new SavedDrawingsReadToday();
        var drawings = readToday.Read(store);

        Assert.Equal([eleven], readToday.SeveralDigitsAmong(store, Listed(eleven, saidToBeOne)));
        Assert.Equal([eleven], drawings.SeveralDigits);
        Assert.Equal([saidToBeOne], drawings.SingleDigits.Ids);
        Assert.Equal(DrawingImage.ToBytes(DigitPreprocessor.Preprocess(SampleStrokes.Eleven).Pixels), drawings.SingleDigits.Images.ImageBytes(0).ToArray());
    }

    [Fact]
    public void A_drawing_in_parts_said_later_to_be_one_digit_is_one_digit_at_the_next_reading_and_several_again_when_unsaid()
    {
        var eleven = store.Add(SampleDrawings.Of(0, SampleStrokes.Eleven));
        var readToday = new SavedDrawingsReadToday();
        Assert.Equal([eleven], readToday.SeveralDigitsAmong(store, Listed(eleven)));

        store.SetReadAsOneDigit(eleven, true);

        Assert.Empty(readToday.SeveralDigitsAmong(store, Listed(eleven)));
        Assert.Equal([eleven], readToday.Read(store).SingleDigits.Ids);
        store.SetReadAsOneDigit(eleven, false);
        Assert.Equal([eleven], readToday.Read(store).SeveralDigits);
    }

    [Fact]
    public void Drawings_saved_after_a_look_are_examined_at_the_next_one()
    {
        var readToday = new SavedDrawingsReadToday();
        var first = store.Add(SampleDrawings.Of(1, SampleStrokes.Eleven));
        Assert.Equal([first], readToday.SeveralDigitsAmong(store, Listed(first)));

        var second = store.Add(SampleDrawings.Of(1, SampleStrokes.Eleven));
        var third = store.Add(SampleDrawings.Of(1));

        Assert.Equal([first, second], readToday.SeveralDigitsAmong(store, Listed(first, second, third)).Order());
        Assert.Equal([first, second], readToday.Read(store).SeveralDigits.Order());
    }

    [Fact]
    public void Only_the_drawings_asked_about_are_answered_so_deleted_drawings_drop_out()
    {
        var readToday = new SavedDrawingsReadToday();
        var deleted = store.Add(SampleDrawings.Of(1, SampleStrokes.Eleven));
        var kept = store.Add(SampleDrawings.Of(1, SampleStrokes.Eleven));
        readToday.SeveralDigitsAmong(store, Listed(deleted, kept));
        store.Delete(deleted);

        Assert.Equal([kept], readToday.SeveralDigitsAmong(store, store.List()));
        Assert.Equal([kept], readToday.Read(store).All.Ids);
    }

    [Fact]
    public void Catching_up_reads_every_drawing_the_first_time_then_only_those_saved_since()
    {
        var readToday = new SavedDrawingsReadToday();
        store.Add(SampleDrawings.Of(1));
        store.Add(SampleDrawings.Of(1, SampleStrokes.Eleven));

        Assert.Equal(2, readToday.CatchUp(store));
        Assert.Equal(0, readToday.CatchUp(store));
        var seven = store.Add(SampleDrawings.Of(7));
        Assert.Equal(1, readToday.CatchUp(store));
        Assert.Empty(readToday.SeveralDigitsAmong(store, Listed(seven)));
    }

    [Fact]
    public void One_drawing_is_read_alone_when_the_others_are_not_read_yet_and_the_persons_word_holds()
    {
        var readToday = new SavedDrawingsReadToday();
        var one = store.Add(SampleDrawings.Of(1));
        var eleven = store.Add(SampleDrawings.Of(1, SampleStrokes.Eleven));
        var saidToBeOne = store.Add(SampleDrawings.Of(0, SampleStrokes.Eleven) with { ReadAsOneDigit = true });
        var fromImage = store.Add(NewDrawing.FromImage(4, DrawingImage.ToBytes(DigitPreprocessor.Preprocess(SampleStrokes.Eleven).Pixels), [], SampleDrawings.SavedAt));

        Assert.False(readToday.LooksLikeSeveralDigits(store.Get(one)!));
        Assert.True(readToday.LooksLikeSeveralDigits(store.Get(eleven)!));
        Assert.False(readToday.LooksLikeSeveralDigits(store.Get(saidToBeOne)!));
        Assert.False(readToday.LooksLikeSeveralDigits(store.Get(fromImage)!));
        Assert.Equal(4, readToday.CatchUp(store)); // none of them was read as the whole set's reading
        Assert.True(readToday.LooksLikeSeveralDigits(store.Get(eleven)!));
    }

    [Fact]
    public void Each_drawing_is_read_from_its_strokes_today_not_from_the_image_stored_when_it_was_saved()
    {
        // A 1 saved with a tap of the pen beside it, by a version that kept the tap in the image (as an image keeps it).
        var withTap = new StrokeDrawing(280, 280, [.. SampleStrokes.One.Strokes, new Stroke([new StrokePoint(250, 250)], 20)]);
        var imageThen = DrawingImage.ToBytes(DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(withTap)).Pixels);
        var tapped = store.Add(SampleDrawings.Of(1, withTap) with { Image = imageThen });
        var seven = store.Add(SampleDrawings.Of(7));

        var drawings = new SavedDrawingsReadToday().Read(store);

        Assert.Equal([tapped, seven], drawings.All.Ids);
        var today = DigitPreprocessor.Preprocess(withTap);
        Assert.Equal([1], today.StrokesLeftOut);
        Assert.Equal(DrawingImage.ToBytes(today.Pixels), drawings.All.Images.ImageBytes(0).ToArray());
        Assert.NotEqual(imageThen, drawings.All.Images.ImageBytes(0).ToArray());
        Assert.Equal(SampleDrawings.Of(7).Image, drawings.All.Images.ImageBytes(1).ToArray());
        Assert.Equal([tapped], drawings.ChangedSinceSaved);
        Assert.Equal([1, 7], drawings.All.Images.Labels!);
    }

    [Fact]
    public void A_digit_saved_from_an_image_has_no_strokes_and_is_read_from_its_stored_image_as_a_single_digit()
    {
        var fromImage = store.Add(NewDrawing.FromImage(3, SampleDrawings.Of(3).Image, [], SampleDrawings.SavedAt));
        var seven = store.Add(SampleDrawings.Of(7));

        var drawings = new SavedDrawingsReadToday().Read(store);

        Assert.Equal([fromImage, seven], drawings.SingleDigits.Ids);
        Assert.Equal(SampleDrawings.Of(3).Image, drawings.All.Images.ImageBytes(0).ToArray());
        Assert.Empty(drawings.ChangedSinceSaved);
        Assert.Empty(drawings.SeveralDigits);
        var saved = store.Get(fromImage);
        Assert.NotNull(saved);
        Assert.True(saved.FromImage);
        Assert.Null(saved.CanvasPng);
        Assert.False(store.Get(seven)!.FromImage);
    }

    [Fact]
    public void Labels_are_the_ones_stored_now_and_several_digit_drawings_are_left_out_of_the_single_digits()
    {
        var readToday = new SavedDrawingsReadToday();
        var one = store.Add(SampleDrawings.Of(1));
        var eleven = store.Add(SampleDrawings.Of(1, SampleStrokes.Eleven));
        var seven = store.Add(SampleDrawings.Of(7));
        readToday.Read(store);
        store.Relabel(seven, 2, SampleDrawings.SavedAt);

        var drawings = readToday.Read(store);

        Assert.Equal([one, eleven, seven], drawings.All.Ids);
        Assert.Equal([eleven], drawings.SeveralDigits);
        Assert.Equal([one, seven], drawings.SingleDigits.Ids);
        Assert.Equal([1, 2], drawings.SingleDigits.Images.Labels!);
        Assert.Empty(drawings.ChangedSinceSaved);
    }

    [Fact]
    public void A_reading_given_up_by_its_caller_stops_and_leaves_the_next_one_to_read_every_drawing()
    {
        var readToday = new SavedDrawingsReadToday();
        var eleven = store.Add(SampleDrawings.Of(1, SampleStrokes.Eleven));
        var seven = store.Add(SampleDrawings.Of(7));

        Assert.Throws<OperationCanceledException>(() => readToday.SeveralDigitsAmong(store, Listed(eleven, seven), new CancellationToken(canceled: true)));
        Assert.Throws<OperationCanceledException>(() => readToday.Read(store, new CancellationToken(canceled: true)));

        Assert.Equal([eleven], readToday.SeveralDigitsAmong(store, Listed(eleven, seven)));
        Assert.Equal([eleven, seven], readToday.Read(store).All.Ids);
    }

    [Fact]
    public void Callers_at_the_same_time_all_get_every_new_drawing_read()
    {
        var readToday = new SavedDrawingsReadToday();
        var ids = Enumerable.Range(0, 20).Select(i => store.Add(SampleDrawings.Of(1, i % 2 == 0 ? SampleStrokes.Eleven : SampleStrokes.One))).ToArray();
        var elevens = ids.Where((_, i) => i % 2 == 0).ToArray();

        var listed = Listed(ids).ToArray();

        var answers = Enumerable.Range(0, 4).AsParallel().WithDegreeOfParallelism(4)
            .Select(_ => readToday.SeveralDigitsAmong(store, listed).Order().ToArray()).ToArray();

        Assert.All(answers, answer => Assert.Equal(elevens, answer));
    }

    [Fact]
    public void A_drawing_whose_strokes_cannot_be_read_is_named()
    {
        var id = store.Add(SampleDrawings.Of(1));
        using (var connection = new SqliteConnection($"Data Source={folder.File("drawings.db")}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE drawings SET strokes_json = '{\"width\": 280}' WHERE id = @id;";
            command.Parameters.AddWithValue("@id", id);
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<MnistBlazor.Shared.Data.DataFileException>(() => new SavedDrawingsReadToday().Read(store));

        Assert.Contains($"drawing {id}", error.Message);
    }
}
