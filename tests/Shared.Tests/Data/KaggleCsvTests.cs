using System.Text;
using MnistBlazor.Shared.Data;

namespace MnistBlazor.Shared.Tests.Data;

public sealed class KaggleCsvTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Reads_train_csv_with_labels_and_pixels()
    {
        var path = _temp.WriteText("train.csv", TrainText(rows: 3));

        var images = KaggleCsv.ReadTrain(path);

        Assert.Equal(SampleImages.Create(3).Pixels, images.Pixels);
        Assert.Equal(new byte[] { 0, 1, 2 }, images.Labels);
    }

    [Fact]
    public void Reads_test_csv_without_labels()
    {
        var path = _temp.WriteText("test.csv", SampleImages.TestHeader + "\n" + SampleImages.PixelRow(0) + "\n" + SampleImages.PixelRow(1) + "\n");

        var images = KaggleCsv.ReadTest(path);

        Assert.Null(images.Labels);
        Assert.Equal(SampleImages.Create(2).Pixels, images.Pixels);
    }

    [Fact]
    public void Accepts_crlf_line_endings_a_byte_order_mark_and_no_final_newline()
    {
        var text = "\uFEFF" + TrainText(rows: 2).TrimEnd('\n').Replace("\n", "\r\n");
        var path = _temp.File("train.csv");
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

        var images = KaggleCsv.ReadTrain(path);

        Assert.Equal(SampleImages.Create(2).Pixels, images.Pixels);
        Assert.Equal(new byte[] { 0, 1 }, images.Labels);
    }

    [Fact]
    public void Accepts_blank_lines_at_the_very_end()
    {
        var path = _temp.WriteText("train.csv", TrainText(rows: 2) + "\n\r\n");

        Assert.Equal(2, KaggleCsv.ReadTrain(path).Count);
    }

    [Fact]
    public void Header_only_file_has_no_images()
    {
        var path = _temp.WriteText("test.csv", SampleImages.TestHeader + "\n");

        Assert.Equal(0, KaggleCsv.ReadTest(path).Count);
    }

    [Fact]
    public void Value_outside_0_to_255_names_line_and_column()
    {
        var rows = Enumerable.Range(0, 16).Select(i => $"{i % 10},{SampleImages.PixelRow(i)}").ToList();
        rows[15] = "5," + WithValue(SampleImages.PixelRow(15), 42, "300");
        var path = _temp.WriteText("train.csv", SampleImages.TrainHeader + "\n" + string.Join("\n", rows) + "\n");

        var error = Assert.Throws<DataFileException>(() => KaggleCsv.ReadTrain(path));

        Assert.Equal($"{path} line 17, column pixel42: value '300' is outside 0..255", error.Message);
        Assert.Equal(17, error.Line);
        Assert.Equal("pixel42", error.Field);
        Assert.Equal(path, error.FilePath);
    }

    [Fact]
    public void Negative_value_is_outside_the_range()
    {
        var error = ReadTrainWithRow(3, "1," + WithValue(SampleImages.PixelRow(0), 0, "-1"));

        AssertLocation(error, 3, "pixel0");
        Assert.Contains("value '-1' is outside 0..255", error.Message);
    }

    [Fact]
    public void Huge_value_is_outside_the_range_not_wrapped()
    {
        var error = ReadTrainWithRow(2, "1," + WithValue(SampleImages.PixelRow(0), 783, "99999999999999999999"));

        AssertLocation(error, 2, "pixel783");
        Assert.Contains("is outside 0..255", error.Message);
    }

    [Fact]
    public void Non_numeric_value_names_line_and_column()
    {
        var error = ReadTrainWithRow(4, "1," + WithValue(SampleImages.PixelRow(0), 5, "abc"));

        AssertLocation(error, 4, "pixel5");
        Assert.EndsWith("value 'abc' is not a whole number", error.Message);
    }

    [Fact]
    public void A_binary_value_is_quoted_with_its_control_characters_escaped()
    {
        var error = ReadTrainWithRow(2, "1," + WithValue(SampleImages.PixelRow(0), 7, "a\u0001\u0000b"));

        AssertLocation(error, 2, "pixel7");
        Assert.EndsWith("value 'a\\u0001\\u0000b' is not a whole number", error.Message);
    }

    [Fact]
    public void Decimal_value_is_not_a_whole_number()
    {
        var error = ReadTrainWithRow(2, "1," + WithValue(SampleImages.PixelRow(0), 100, "12.5"));

        AssertLocation(error, 2, "pixel100");
        Assert.Contains("value '12.5' is not a whole number", error.Message);
    }

    [Fact]
    public void Empty_value_names_line_and_column()
    {
        var error = ReadTrainWithRow(2, "1," + WithValue(SampleImages.PixelRow(0), 7, ""));

        AssertLocation(error, 2, "pixel7");
        Assert.Contains("value is empty", error.Message);
    }

    [Fact]
    public void Label_outside_0_to_9_names_the_label_column()
    {
        var error = ReadTrainWithRow(3, "10," + SampleImages.PixelRow(0));

        AssertLocation(error, 3, "label");
        Assert.Contains("value '10' is outside 0..9", error.Message);
    }

    [Fact]
    public void Row_with_too_few_values_names_the_first_missing_column()
    {
        var shortRow = "1," + string.Join(',', SampleImages.PixelRow(0).Split(',')[..783]);

        var error = ReadTrainWithRow(3, shortRow);

        AssertLocation(error, 3, "pixel783");
        Assert.Contains("row has 784 values, expected 785", error.Message);
    }

    [Fact]
    public void Row_with_too_many_values_is_reported_after_the_last_column()
    {
        var error = ReadTrainWithRow(2, "1," + SampleImages.PixelRow(0) + ",0");

        AssertLocation(error, 2, "pixel783");
        Assert.Contains("row has 786 values, expected 785", error.Message);
    }

    [Fact]
    public void Empty_line_between_rows_is_reported_with_its_line_number()
    {
        var text = SampleImages.TrainHeader + "\n1," + SampleImages.PixelRow(0) + "\n\n2," + SampleImages.PixelRow(1) + "\n";
        var path = _temp.WriteText("train.csv", text);

        var error = Assert.Throws<DataFileException>(() => KaggleCsv.ReadTrain(path));

        Assert.Equal(3, error.Line);
        Assert.Null(error.Field);
        Assert.Contains("line is empty but more rows follow it", error.Message);
    }

    [Fact]
    public void Test_csv_row_with_a_label_column_has_too_many_values()
    {
        var path = _temp.WriteText("test.csv", SampleImages.TestHeader + "\n3," + SampleImages.PixelRow(0) + "\n");

        var error = Assert.Throws<DataFileException>(() => KaggleCsv.ReadTest(path));

        AssertLocation(error, 2, "pixel783");
    }

    [Fact]
    public void Test_csv_read_as_train_fails_on_the_header()
    {
        var path = _temp.WriteText("test.csv", SampleImages.TestHeader + "\n" + SampleImages.PixelRow(0) + "\n");

        var error = Assert.Throws<DataFileException>(() => KaggleCsv.ReadTrain(path));

        AssertLocation(error, 1, "label");
        Assert.Contains("header names column 1 'pixel0', expected 'label'", error.Message);
    }

    [Fact]
    public void Header_with_a_misnamed_column_names_it()
    {
        var header = SampleImages.TrainHeader.Replace("pixel300,", "pixel_300,");
        var path = _temp.WriteText("train.csv", header + "\n");

        var error = Assert.Throws<DataFileException>(() => KaggleCsv.ReadTrain(path));

        AssertLocation(error, 1, "pixel300");
        Assert.Contains("'pixel_300', expected 'pixel300'", error.Message);
    }

    [Fact]
    public void Header_with_missing_columns_names_the_first_missing_one()
    {
        var header = string.Join(',', SampleImages.TrainHeader.Split(',')[..500]);
        var path = _temp.WriteText("train.csv", header + "\n");

        var error = Assert.Throws<DataFileException>(() => KaggleCsv.ReadTrain(path));

        AssertLocation(error, 1, "pixel499");
        Assert.Contains("header ends after 500 columns, expected 785", error.Message);
    }

    [Fact]
    public void Header_with_an_extra_column_is_rejected()
    {
        var path = _temp.WriteText("test.csv", SampleImages.TestHeader + ",extra\n");

        var error = Assert.Throws<DataFileException>(() => KaggleCsv.ReadTest(path));

        AssertLocation(error, 1, "extra");
        Assert.Contains("more than the 784 expected columns", error.Message);
    }

    [Fact]
    public void Empty_file_is_reported()
    {
        var path = _temp.WriteText("train.csv", "");

        var error = Assert.Throws<DataFileException>(() => KaggleCsv.ReadTrain(path));

        Assert.Equal(1, error.Line);
        Assert.Contains("file is empty", error.Message);
    }

    [Fact]
    public void Missing_file_is_reported()
    {
        var error = Assert.Throws<DataFileException>(() => KaggleCsv.ReadTrain(_temp.File("nothing.csv")));

        Assert.Contains("file not found", error.Message);
    }

    [Fact]
    public void Train_and_test_files_round_trip()
    {
        var images = SampleImages.Create(25);
        var trainPath = _temp.File("train.csv");
        var testPath = _temp.File("test.csv");

        KaggleCsv.WriteTrain(trainPath, images);
        KaggleCsv.WriteTest(testPath, images);

        Assert.Equal(TrainText(rows: 25), File.ReadAllText(trainPath));
        var train = KaggleCsv.ReadTrain(trainPath);
        var test = KaggleCsv.ReadTest(testPath);
        Assert.Equal(images.Pixels, train.Pixels);
        Assert.Equal(images.Labels, train.Labels);
        Assert.Equal(images.Pixels, test.Pixels);
        Assert.Null(test.Labels);
    }

    [Fact]
    public void Writing_train_csv_needs_labels()
    {
        Assert.Throws<ArgumentException>(() => KaggleCsv.WriteTrain(_temp.File("train.csv"), SampleImages.Create(1, labeled: false)));
        Assert.False(File.Exists(_temp.File("train.csv")));
    }

    [Fact]
    public void Reading_many_rows_spanning_several_blocks_keeps_their_order()
    {
        var images = SampleImages.Create(4096 + 17);
        var path = _temp.File("train.csv");
        KaggleCsv.WriteTrain(path, images);

        var read = KaggleCsv.ReadTrain(path);

        Assert.Equal(images.Pixels, read.Pixels);
        Assert.Equal(images.Labels, read.Labels);
    }

    private DataFileException ReadTrainWithRow(int lineNumber, string row)
    {
        var rows = Enumerable.Range(0, lineNumber - 2).Select(i => $"{i % 10},{SampleImages.PixelRow(i)}").Append(row);
        var path = _temp.WriteText("train.csv", SampleImages.TrainHeader + "\n" + string.Join("\n", rows) + "\n1," + SampleImages.PixelRow(0) + "\n");
        return Assert.Throws<DataFileException>(() => KaggleCsv.ReadTrain(path));
    }

    private static void AssertLocation(DataFileException error, long line, string column)
    {
        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Field);
        Assert.StartsWith($"{error.FilePath} line {line}, column {column}: ", error.Message);
    }

    private static string TrainText(int rows) =>
        SampleImages.TrainHeader + "\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"{i % 10},{SampleImages.PixelRow(i)}\n"));

    private static string WithValue(string pixelRow, int column, string value)
    {
        var values = pixelRow.Split(',');
        values[column] = value;
        return string.Join(',', values);
    }
}
