using System.Text;
using MnistBlazor.Shared.Data;

namespace MnistBlazor.Shared.Tests.Data;

public sealed class KaggleCsvTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string PixelRow(int seed) => string.Join(',', Enumerable.Range(0, 784).Select(i => (i * seed) % 256));

    private string Save(string name, string content)
    {
        var path = _temp.File(name);
        File.WriteAllText(path, content);
        return path;
    }

    private string TrainFile(params string[] rows) =>
        Save("train.csv", KaggleCsv.TrainHeader + "\n" + string.Join("\n", rows) + "\n");

    [Fact]
    public void Reads_train_and_test_files()
    {
        var train = TrainFile("1," + PixelRow(3), "9," + PixelRow(5));
        var test = Save("test.csv", KaggleCsv.TestHeader + "\r\n" + PixelRow(3) + "\r\n" + PixelRow(7));

        var labelled = KaggleCsv.ReadTrain(train);
        var unlabelled = KaggleCsv.ReadTest(test);

        Assert.Equal([1, 9], labelled.Labels);
        Assert.Equal(2, unlabelled.Count);
        Assert.Null(unlabelled.Labels);
        Assert.Equal(labelled.ImageBytes(0).ToArray(), unlabelled.ImageBytes(0).ToArray());
        Assert.Equal((byte)(783 * 7 % 256), unlabelled.ImageBytes(1)[783]);
    }

    public static TheoryData<string, string, string> MalformedRows => new()
    {
        { "3,1", "columns", "has 2 columns; expected 785" },
        { "4," + PixelRow(1) + ",7", "columns", "has 786 columns; expected 785" },
        { "12," + PixelRow(1), "label", "value '12' is outside 0..9" },
        { "x," + PixelRow(1), "label", "value 'x' is not a whole number" },
    };

    [Theory]
    [MemberData(nameof(MalformedRows))]
    public void Malformed_rows_name_line_and_column(string row, string column, string problem)
    {
        var path = TrainFile("2," + PixelRow(2), row);

        var error = Assert.Throws<DataFileException>(() => KaggleCsv.ReadTrain(path));

        Assert.Equal(3, error.Line);
        Assert.Equal(column, error.Field);
        Assert.Contains(problem, error.Message);
        Assert.StartsWith($"{path} line 3, {column}: ", error.Message);
    }

    [Fact]
    public void A_pixel_out_of_range_names_its_pixel_column()
    {
        var pixels = Enumerable.Repeat("0", 784).ToArray();
        pixels[42] = "300";
        var path = TrainFile("5," + PixelRow(1), "5," + PixelRow(2), "5," + string.Join(',', pixels));

        var error = Assert.Throws<DataFileException>(() => KaggleCsv.ReadTrain(path));

        Assert.Equal(4, error.Line);
        Assert.Equal("pixel42", error.Field);
        Assert.Contains("value '300' is outside 0..255", error.Message);
    }

    [Fact]
    public void Non_numeric_and_empty_pixels_are_reported()
    {
        var pixels = Enumerable.Repeat("0", 784).ToArray();
        pixels[0] = "1.5";
        var decimalPath = Save("test.csv", KaggleCsv.TestHeader + "\n" + string.Join(',', pixels) + "\n");
        pixels[0] = "";
        var emptyPath = Save("test2.csv", KaggleCsv.TestHeader + "\n" + string.Join(',', pixels) + "\n");

        var decimalError = Assert.Throws<DataFileException>(() => KaggleCsv.ReadTest(decimalPath));
        var emptyError = Assert.Throws<DataFileException>(() => KaggleCsv.ReadTest(emptyPath));

        Assert.Equal(("pixel0", 2L), (decimalError.Field, decimalError.Line!.Value));
        Assert.Contains("'1.5' is not a whole number", decimalError.Message);
        Assert.Contains("is empty", emptyError.Message);
    }

    [Fact]
    public void An_empty_line_in_the_middle_is_an_error_but_a_trailing_one_is_not()
    {
        var middle = Save("m.csv", KaggleCsv.TestHeader + "\n" + PixelRow(1) + "\n\n" + PixelRow(2) + "\n");
        var trailing = Save("t.csv", KaggleCsv.TestHeader + "\n" + PixelRow(1) + "\n\n");

        var error = Assert.Throws<DataFileException>(() => KaggleCsv.ReadTest(middle));

        Assert.Equal(3, error.Line);
        Assert.Equal(1, KaggleCsv.ReadTest(trailing).Count);
    }

    [Fact]
    public void A_wrong_header_is_refused_on_line_1()
    {
        var trainAsTest = Save("test.csv", KaggleCsv.TrainHeader + "\n");
        var empty = Save("empty.csv", "");

        var error = Assert.Throws<DataFileException>(() => KaggleCsv.ReadTest(trainAsTest));
        var emptyError = Assert.Throws<DataFileException>(() => KaggleCsv.ReadTrain(empty));

        Assert.Equal((1L, "header"), (error.Line!.Value, error.Field));
        Assert.Contains("pixel0,...,pixel783", error.Message);
        Assert.Contains("is empty", emptyError.Message);
    }

    [Fact]
    public void Train_and_test_files_written_read_back_identically()
    {
        var images = new LabeledImages(
            Enumerable.Range(0, 3 * 784).Select(i => (byte)(i % 251)).ToArray(), [3, 1, 4]);

        KaggleCsv.WriteTrain(_temp.File("train.csv"), images);
        KaggleCsv.WriteTest(_temp.File("test.csv"), images);

        var train = KaggleCsv.ReadTrain(_temp.File("train.csv"));
        var test = KaggleCsv.ReadTest(_temp.File("test.csv"));
        Assert.Equal(images.Pixels, train.Pixels);
        Assert.Equal(images.Labels, train.Labels);
        Assert.Equal(images.Pixels, test.Pixels);
    }

    [Fact]
    public void Submission_round_trips_with_image_ids_from_1()
    {
        var path = _temp.File("submission.csv");

        KaggleCsv.WriteSubmission(path, [2, 0, 9, 9]);

        Assert.Equal("ImageId,Label\n1,2\n2,0\n3,9\n4,9\n", File.ReadAllText(path, Encoding.UTF8));
        Assert.Equal([2, 0, 9, 9], KaggleCsv.ReadSubmission(path));
    }

    [Fact]
    public void Submission_errors_name_the_problem()
    {
        var outOfOrder = Save("s.csv", "ImageId,Label\n1,2\n3,4\n");
        var badLabel = Save("s2.csv", "ImageId,Label\n1,10\n");

        var orderError = Assert.Throws<DataFileException>(() => KaggleCsv.ReadSubmission(outOfOrder));
        var labelError = Assert.Throws<DataFileException>(() => KaggleCsv.ReadSubmission(badLabel));

        Assert.Equal(3, orderError.Line);
        Assert.Contains("ImageId 3 is out of order; expected 2", orderError.Message);
        Assert.Equal("Label", labelError.Field);
        Assert.Throws<ArgumentException>(() => KaggleCsv.WriteSubmission(_temp.File("x.csv"), [1, 10]));
    }

    [Fact]
    public void A_kaggle_sized_test_file_of_28000_rows_is_read_completely()
    {
        // Kaggle's test.csv size; the speed is measured by the data benchmark, not asserted here.
        var images = new LabeledImages(new byte[28_000 * 784].Select((_, i) => (byte)(i * 13 % 256)).ToArray(), labels: null);
        var path = _temp.File("test.csv");
        KaggleCsv.WriteTest(path, images);

        var back = KaggleCsv.ReadTest(path);

        Assert.Equal(28_000, back.Count);
        Assert.Equal(images.Pixels, back.Pixels);
    }
}
