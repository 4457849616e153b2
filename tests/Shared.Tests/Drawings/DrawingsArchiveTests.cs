using System.Text;
using System.Text.Json.Nodes;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Tests.Drawings;

public sealed class DrawingsArchiveTests
{
    private static readonly DateTimeOffset RelabeledAt = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private static SavedDrawing Saved(long id, NewDrawing drawing) => new(
        new SavedDrawingSummary(id, drawing.Label, drawing.Image, drawing.CanvasPng is not null, drawing.Predictions, drawing.CreatedAt, drawing.RelabeledAt)
        {
            ReadAsOneDigit = drawing.ReadAsOneDigit,
        },
        drawing.Strokes,
        drawing.CanvasPng);

    private static byte[] Written(params SavedDrawing[] drawings)
    {
        using var output = new MemoryStream();
        DrawingsArchive.Write(output, drawings);
        return output.ToArray();
    }

    private static Task<IReadOnlyList<NewDrawing>> ReadAsync(byte[] archive) => DrawingsArchive.ReadAsync(new MemoryStream(archive));

    private static Task<IReadOnlyList<NewDrawing>> ReadAsync(JsonNode archive) => ReadAsync(Encoding.UTF8.GetBytes(archive.ToJsonString()));

    private static JsonNode Archive() => JsonNode.Parse(Written(Saved(1, SampleDrawings.Of(7)), Saved(2, SampleDrawings.Of(1))))!;

    [Fact]
    public async Task Every_drawing_reads_back_as_it_was_saved_but_its_canvas_capture()
    {
        var drawn = SampleDrawings.Of(7, png: [1, 2, 3]) with { RelabeledAt = RelabeledAt };
        var inParts = SampleDrawings.Of(0, SampleStrokes.Eleven) with { ReadAsOneDigit = true };
        var fromImage = NewDrawing.FromImage(4, SampleDrawings.Of(4).Image, [new DrawingPrediction("nn", 4, 0.5f)], SampleDrawings.SavedAt);

        var read = await ReadAsync(Written(Saved(3, drawn), Saved(5, inParts), Saved(9, fromImage)));

        Assert.Equal(3, read.Count);
        Assert.Equal((drawn.Label, drawn.CreatedAt, drawn.RelabeledAt, drawn.ReadAsOneDigit), (read[0].Label, read[0].CreatedAt, read[0].RelabeledAt, read[0].ReadAsOneDigit));
        Assert.Null(read[0].CanvasPng);
        Assert.Equal(StrokeDrawingJson.Serialize(drawn.Strokes), StrokeDrawingJson.Serialize(read[0].Strokes));
        Assert.Equal(drawn.Predictions, read[0].Predictions);
        Assert.Equal(drawn.Image, read[0].Image);
        Assert.True(read[1].ReadAsOneDigit);
        Assert.Null(read[1].RelabeledAt);
        Assert.Same(SavedDrawing.NoStrokes, read[2].Strokes);
        Assert.Equal(fromImage.Image, read[2].Image);
        Assert.Equal(4, read[2].Label);
    }

    [Fact]
    public async Task An_empty_archive_reads_as_no_drawings()
    {
        Assert.Empty(await ReadAsync(Written()));
    }

    public static TheoryData<string, string> Broken => new()
    {
        { """{"format": "something-else", "version": 1, "drawings": []}""", "The file is not an archive of saved drawings" },
        { """{"format": "mnistblazor-drawings", "version": 2, "drawings": []}""", "The archive's \"version\" is 2; this MnistBlazor reads version 1." },
        { """{"format": "mnistblazor-drawings", "version": 1}""", "The archive needs \"drawings\"" },
        { """[1, 2""", "The file is not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task A_file_that_is_no_archive_is_refused_saying_why(string json, string expected)
    {
        var refused = await Assert.ThrowsAsync<FormatException>(() => ReadAsync(Encoding.UTF8.GetBytes(json)));

        Assert.StartsWith(expected, refused.Message);
    }

    [Fact]
    public async Task A_drawing_not_valid_is_named_with_its_field_and_why()
    {
        var badLabel = Archive();
        badLabel["drawings"]![1]!["label"] = 12;
        var badImage = Archive();
        badImage["drawings"]![0]!["image"] = Convert.ToBase64String(new byte[27]);
        var badStroke = Archive();
        badStroke["drawings"]![1]!["drawing"]!["strokes"]![0]!["points"]![1] = JsonNode.Parse("""["a", 3]""");
        var badTime = Archive();
        badTime["drawings"]![0]!["createdAt"] = "yesterday";
        var badPrediction = Archive();
        badPrediction["drawings"]![0]!["predictions"]![0]!["confidence"] = 1.5;
        var wideStroke = Archive();
        wideStroke["drawings"]![0]!["drawing"]!["strokes"]![0]!["width"] = 500;

        Assert.Equal("drawings[1].label is 12; it must be a whole number 0..9.", (await Assert.ThrowsAsync<FormatException>(() => ReadAsync(badLabel))).Message);
        Assert.Equal("drawings[0].image must be the 28x28 image's 784 bytes in base64; it is 27 bytes.",
            (await Assert.ThrowsAsync<FormatException>(() => ReadAsync(badImage))).Message);
        Assert.Equal("drawings[1].drawing: strokes[0].points[1][0] is the string \"a\", not a number.",
            (await Assert.ThrowsAsync<FormatException>(() => ReadAsync(badStroke))).Message);
        Assert.StartsWith("drawings[0].createdAt is the string \"yesterday\"; it must be a date and time",
            (await Assert.ThrowsAsync<FormatException>(() => ReadAsync(badTime))).Message);
        Assert.Equal("drawings[0].predictions[0].confidence is 1.5; it must be from 0 to 1.",
            (await Assert.ThrowsAsync<FormatException>(() => ReadAsync(badPrediction))).Message);
        Assert.StartsWith("drawings[0].drawing: ", (await Assert.ThrowsAsync<FormatException>(() => ReadAsync(wideStroke))).Message);
    }

    [Fact]
    public async Task An_archive_of_more_drawings_than_read_at_once_is_refused_before_any_is_read()
    {
        var json = $$"""{"format": "mnistblazor-drawings", "version": 1, "drawings": [{{string.Join(",", Enumerable.Repeat("{}", DrawingsArchive.MostDrawings + 1))}}]}""";

        var refused = await Assert.ThrowsAsync<FormatException>(() => ReadAsync(Encoding.UTF8.GetBytes(json)));

        Assert.Equal($"The archive holds {DrawingsArchive.MostDrawings + 1} drawings; at most {DrawingsArchive.MostDrawings} are read at once.", refused.Message);
    }

    [Fact]
    public void Drawings_are_cut_into_the_fewest_archives_an_import_reads_whole_in_id_order()
    {
        var few = DrawingsArchive.Parts([(3, 2_000), (5, 2_000), (9, 2_000)]);
        Assert.Equal([new DrawingsArchivePart(1, 3, 9, 3)], few);
        Assert.Empty(DrawingsArchive.Parts([]));

        var many = DrawingsArchive.Parts(Enumerable.Range(1, 2 * DrawingsArchive.MostDrawings + 1).Select(id => ((long)id, 2_000L)));
        Assert.Equal(
            [new DrawingsArchivePart(1, 1, 5_000, 5_000), new DrawingsArchivePart(2, 5_001, 10_000, 5_000), new DrawingsArchivePart(3, 10_001, 10_001, 1)],
            many);

        // Large drawings fill an archive's bytes before its count: each part stays within both.
        var large = DrawingsArchive.Parts(Enumerable.Range(1, 1_000).Select(id => ((long)id, 50_000L)));
        Assert.Equal(1_000, large.Sum(part => part.Count));
        Assert.All(large, part => Assert.True(part.Count * 50_000L <= DrawingsArchive.MostBytes));
        Assert.InRange(large[0].Count, DrawingsArchive.MostBytes / 50_000 - 1, DrawingsArchive.MostBytes / 50_000);
        Assert.Equal(Enumerable.Range(1, large.Count), large.Select(part => part.Number));
        Assert.All(large.Zip(large.Skip(1)), pair => Assert.Equal(pair.First.LastId + 1, pair.Second.FirstId));
    }

    [Fact]
    public void A_parts_link_and_file_name_say_which_drawings_it_holds()
    {
        var part = new DrawingsArchivePart(2, 5_001, 10_000, 5_000);

        Assert.Equal("api/drawings/export/json?from=5001&to=10000", DrawingsArchive.PartPath(part));
        Assert.Equal("my-digits-5001-10000.json", DrawingsArchive.FileNameOf(part.FirstId, part.LastId));
    }
}
