using MnistBlazor.Shared.Data;

namespace MnistBlazor.Shared.Tests.Data;

public sealed class SubmissionTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Submission_has_kaggle_header_and_image_ids_from_1()
    {
        var path = _temp.File("submission.csv");

        KaggleCsv.WriteSubmission(path, [7, 2, 1, 0]);

        Assert.Equal("ImageId,Label\n1,7\n2,2\n3,1\n4,0\n", File.ReadAllText(path));
        Assert.Empty(Directory.GetFiles(_temp.Path, "*.tmp"));
    }

    [Fact]
    public void Submission_round_trips()
    {
        var labels = Enumerable.Range(0, 28_000).Select(i => i * 7 % 10).ToArray();
        var path = _temp.File("submission.csv");

        KaggleCsv.WriteSubmission(path, labels);

        Assert.Equal(labels, KaggleCsv.ReadSubmission(path));
    }

    [Fact]
    public void Reads_a_submission_with_crlf_line_endings()
    {
        var path = _temp.WriteText("submission.csv", "ImageId,Label\r\n1,3\r\n2,9\r\n");

        Assert.Equal(new[] { 3, 9 }, KaggleCsv.ReadSubmission(path));
    }

    [Fact]
    public void Writing_a_label_outside_0_to_9_is_refused_and_nothing_is_written()
    {
        var path = _temp.File("submission.csv");

        var error = Assert.Throws<ArgumentException>(() => KaggleCsv.WriteSubmission(path, [1, 10]));

        Assert.Contains("image 2 is 10", error.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Image_ids_out_of_order_are_reported()
    {
        var path = _temp.WriteText("submission.csv", "ImageId,Label\n1,3\n3,9\n");

        var error = Assert.Throws<DataFileException>(() => KaggleCsv.ReadSubmission(path));

        Assert.Equal($"{path} line 3, column ImageId: ImageId is 3, expected 2 (ids count from 1 in order)", error.Message);
    }

    [Fact]
    public void Label_outside_0_to_9_is_reported()
    {
        var path = _temp.WriteText("submission.csv", "ImageId,Label\n1,3\n2,11\n");

        var error = Assert.Throws<DataFileException>(() => KaggleCsv.ReadSubmission(path));

        Assert.Equal($"{path} line 3, column Label: value '11' is outside 0..9", error.Message);
    }

    [Fact]
    public void Wrong_header_is_reported()
    {
        var path = _temp.WriteText("submission.csv", "Id,Label\n1,3\n");

        var error = Assert.Throws<DataFileException>(() => KaggleCsv.ReadSubmission(path));

        Assert.Equal(1, error.Line);
        Assert.Equal("ImageId", error.Field);
    }

    [Fact]
    public void Row_missing_the_label_is_reported()
    {
        var path = _temp.WriteText("submission.csv", "ImageId,Label\n1\n");

        var error = Assert.Throws<DataFileException>(() => KaggleCsv.ReadSubmission(path));

        Assert.Equal(2, error.Line);
        Assert.Equal("Label", error.Field);
    }
}
