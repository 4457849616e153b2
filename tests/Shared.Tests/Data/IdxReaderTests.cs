using System.Buffers.Binary;
using System.IO.Compression;
using MnistBlazor.Shared.Data;

namespace MnistBlazor.Shared.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static byte[] ImagesFile(int count, int rows = 28, int columns = 28, int magic = 0x803, int? pixelBytes = null)
    {
        var length = pixelBytes ?? count * rows * columns;
        var bytes = new byte[16 + length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), columns);
        for (var i = 0; i < length; i++)
        {
            bytes[16 + i] = (byte)(i * 7);
        }

        return bytes;
    }

    private static byte[] LabelsFile(params byte[] labels)
    {
        var bytes = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x801);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), labels.Length);
        labels.CopyTo(bytes, 8);
        return bytes;
    }

    private string Save(string name, byte[] content)
    {
        var path = _temp.File(name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    [Fact]
    public void Reads_images_and_labels_raw_and_gzip_alike()
    {
        var raw = Save("images", ImagesFile(3));
        var zipped = Save("images.bin", Gzip(ImagesFile(3)));
        var labels = Save("labels.gz", Gzip(LabelsFile(5, 0, 9)));

        var fromRaw = IdxReader.ReadImages(raw);
        var fromGzip = IdxReader.ReadLabeled(zipped, labels);

        Assert.Equal(3, fromRaw.Count);
        Assert.Null(fromRaw.Labels);
        Assert.Equal(fromRaw.Pixels, fromGzip.Pixels);
        Assert.Equal([5, 0, 9], fromGzip.Labels);
        Assert.Equal(unchecked((byte)(784 * 7)), fromRaw.ImageBytes(1)[0]);
        Assert.Equal(fromRaw.ImageBytes(2)[5] / 255f, fromRaw.ImageAsFloats(2)[5]);
    }

    [Fact]
    public void A_truncated_images_file_says_how_much_is_missing()
    {
        var path = Save("truncated", ImagesFile(2, pixelBytes: 1000));

        var error = Assert.Throws<DataFileException>(() => IdxReader.ReadImages(path));

        Assert.Equal(path, error.FilePath);
        Assert.Contains("truncated", error.Message);
        Assert.Contains("2 images of 28x28 (1568 bytes of data) but the file has 1000", error.Message);
    }

    [Fact]
    public void Extra_bytes_after_the_data_are_reported()
    {
        var path = Save("long", ImagesFile(1, pixelBytes: 790));

        var error = Assert.Throws<DataFileException>(() => IdxReader.ReadImages(path));

        Assert.Contains("6 unexpected bytes", error.Message);
    }

    [Fact]
    public void A_labels_file_given_as_images_is_named_for_what_it_is()
    {
        var path = Save("swapped", LabelsFile(1, 2, 3, 4, 5, 6, 7, 8, 9));

        var error = Assert.Throws<DataFileException>(() => IdxReader.ReadImages(path));

        Assert.Equal("magic", error.Field);
        Assert.Contains("0x00000801 (an IDX labels file)", error.Message);
        Assert.Contains("starts with 0x00000803", error.Message);
    }

    [Fact]
    public void Wrong_image_dimensions_are_reported()
    {
        var path = Save("small", ImagesFile(2, rows: 16, columns: 16));

        var error = Assert.Throws<DataFileException>(() => IdxReader.ReadImages(path));

        Assert.Contains("16x16", error.Message);
    }

    [Fact]
    public void A_file_too_short_for_a_header_is_reported()
    {
        var path = Save("tiny", [0, 0, 8]);

        var error = Assert.Throws<DataFileException>(() => IdxReader.ReadLabels(path));

        Assert.Contains("too short", error.Message);
    }

    [Fact]
    public void A_corrupt_gzip_file_is_reported()
    {
        var zipped = Gzip(ImagesFile(4));
        for (var i = 12; i < zipped.Length - 8; i += 5)
        {
            zipped[i] ^= 0x5A;
        }

        var path = Save("corrupt.gz", zipped);

        var error = Assert.Throws<DataFileException>(() => IdxReader.ReadImages(path));

        Assert.Contains("gzip", error.Message);
    }

    [Fact]
    public void A_truncated_gzip_file_is_reported_as_truncated()
    {
        var zipped = Gzip(ImagesFile(4));
        var path = Save("truncated.gz", zipped[..(zipped.Length / 2)]);

        var error = Assert.Throws<DataFileException>(() => IdxReader.ReadImages(path));

        Assert.Matches("truncated|gzip", error.Message);
    }

    [Fact]
    public void Labels_outside_0_to_9_and_count_mismatches_are_reported()
    {
        var badLabel = Save("bad-labels", LabelsFile(1, 12, 3));
        var images = Save("images", ImagesFile(2));
        var threeLabels = Save("three-labels", LabelsFile(1, 2, 3));

        var labelError = Assert.Throws<DataFileException>(() => IdxReader.ReadLabels(badLabel));
        var countError = Assert.Throws<DataFileException>(() => IdxReader.ReadLabeled(images, threeLabels));

        Assert.Contains("label 12 at index 1", labelError.Message);
        Assert.Contains("3 labels but images holds 2 images", countError.Message);
    }

    [Fact]
    public void A_missing_file_is_reported_with_its_path()
    {
        var path = _temp.File("absent");

        var error = Assert.Throws<DataFileException>(() => IdxReader.ReadImages(path));

        Assert.Equal(path, error.FilePath);
        Assert.Contains("cannot be read", error.Message);
    }

    [Fact]
    public void Writer_output_reads_back_identically()
    {
        var original = IdxReader.ReadLabeled(Save("i", ImagesFile(3)), Save("l", LabelsFile(4, 2, 7)));
        var images = _temp.File("out-images");
        var labels = _temp.File("out-labels");

        IdxWriter.WriteImages(images, original);
        IdxWriter.WriteLabels(labels, original.Labels);

        var back = IdxReader.ReadLabeled(images, labels);
        Assert.Equal(original.Pixels, back.Pixels);
        Assert.Equal(original.Labels, back.Labels);
    }
}
