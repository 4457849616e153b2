using System.Buffers.Binary;
using System.IO.Compression;
using MnistBlazor.Shared.Data;

namespace MnistBlazor.Shared.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Writes_and_reads_back_raw_images_and_labels()
    {
        var images = SampleImages.Create(3);
        var imagesPath = _temp.File("images-idx3-ubyte");
        var labelsPath = _temp.File("labels-idx1-ubyte");

        IdxWriter.WriteLabeled(imagesPath, labelsPath, images);
        var read = IdxReader.ReadLabeled(imagesPath, labelsPath);

        Assert.Equal(16 + 3 * 784, new FileInfo(imagesPath).Length);
        Assert.Equal(8 + 3, new FileInfo(labelsPath).Length);
        Assert.Equal(new byte[] { 0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 28, 0, 0, 0, 28 }, File.ReadAllBytes(imagesPath)[..16]);
        Assert.Equal(images.Pixels, read.Pixels);
        Assert.Equal(images.Labels, read.Labels);
        Assert.Null(IdxReader.ReadImages(imagesPath).Labels);
    }

    [Fact]
    public void Reads_gzip_files_recognised_by_content_not_by_name()
    {
        var images = SampleImages.Create(4);
        var imagesPath = _temp.File("images-no-gz-extension");
        var labelsPath = _temp.File("labels.gz");

        IdxWriter.WriteImages(imagesPath, images, gzip: true);
        IdxWriter.WriteLabels(labelsPath, images.Labels!, gzip: true);

        Assert.Equal(new byte[] { 0x1f, 0x8b }, File.ReadAllBytes(imagesPath)[..2]);
        Assert.Equal(images.Pixels, IdxReader.ReadImages(imagesPath).Pixels);
        Assert.Equal(images.Labels, IdxReader.ReadLabels(labelsPath));
    }

    [Fact]
    public void Reads_an_empty_image_set()
    {
        var path = _temp.WriteBytes("empty", ImagesHeader(count: 0));

        Assert.Equal(0, IdxReader.ReadImages(path).Count);
    }

    [Fact]
    public void Truncated_raw_image_file_says_how_many_bytes_were_expected_and_found()
    {
        var full = Concat(ImagesHeader(count: 3), new byte[3 * 784]);
        var path = _temp.WriteBytes("train-images-idx3-ubyte", full[..^10]);

        var error = Assert.Throws<DataFileException>(() => IdxReader.ReadImages(path));

        Assert.Equal(path, error.FilePath);
        Assert.StartsWith(path + ", data: file is truncated", error.Message);
        Assert.Contains("truncated", error.Message);
        Assert.Contains("expected 2352 bytes of data, file has 2342", error.Message);
    }

    [Fact]
    public void Truncated_gzip_image_file_is_reported()
    {
        var path = _temp.WriteBytes("images.gz", Gzip(Concat(ImagesHeader(count: 3), new byte[2 * 784 + 5])));

        var error = Assert.Throws<DataFileException>(() => IdxReader.ReadImages(path));

        Assert.Contains("expected 2352 bytes of data, file has 1573 after decompression", error.Message);
    }

    [Fact]
    public void Corrupt_gzip_stream_is_reported_with_the_file_name()
    {
        var compressed = Gzip(Concat(ImagesHeader(count: 20), SampleImages.Create(20).Pixels));
        for (var i = 20; i < compressed.Length - 20; i++)
        {
            compressed[i] ^= 0x5A;
        }

        var path = _temp.WriteBytes("broken.gz", compressed);

        var error = Assert.Throws<DataFileException>(() => IdxReader.ReadImages(path));

        Assert.StartsWith(path + ": the gzip data is corrupt", error.Message);
    }

    [Fact]
    public void File_ending_inside_the_header_is_truncated()
    {
        var path = _temp.WriteBytes("short", ImagesHeader(count: 1)[..10]);

        var error = Assert.Throws<DataFileException>(() => IdxReader.ReadImages(path));

        Assert.Equal("header", error.Field);
        Assert.Contains("ends after 10 bytes, inside the 16-byte header", error.Message);
    }

    [Fact]
    public void Extra_bytes_after_the_images_are_reported()
    {
        var path = _temp.WriteBytes("long", Concat(ImagesHeader(count: 1), new byte[784 + 3]));

        var error = Assert.Throws<DataFileException>(() => IdxReader.ReadImages(path));

        Assert.Contains("3 bytes more than the header announces", error.Message);
    }

    [Fact]
    public void Label_file_read_as_images_has_the_wrong_magic_number()
    {
        var path = _temp.File("train-labels-idx1-ubyte");
        IdxWriter.WriteLabels(path, [1, 2, 3]);

        var error = Assert.Throws<DataFileException>(() => IdxReader.ReadImages(path));

        Assert.Equal("magic number", error.Field);
        Assert.Equal(
            $"{path}, magic number: magic number is 0x00000801 (IDX labels), expected 0x00000803 (IDX images)",
            error.Message);
    }

    [Fact]
    public void Image_file_read_as_labels_has_the_wrong_magic_number()
    {
        var path = _temp.File("images");
        IdxWriter.WriteImages(path, SampleImages.Create(1));

        var error = Assert.Throws<DataFileException>(() => IdxReader.ReadLabels(path));

        Assert.Contains("magic number is 0x00000803 (IDX images), expected 0x00000801 (IDX labels)", error.Message);
    }

    [Fact]
    public void Images_that_are_not_28_by_28_are_rejected_with_the_size_found()
    {
        var header = ImagesHeader(count: 1);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), 32);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), 30);
        var path = _temp.WriteBytes("big", Concat(header, new byte[32 * 30]));

        var error = Assert.Throws<DataFileException>(() => IdxReader.ReadImages(path));

        Assert.Equal("dimensions", error.Field);
        Assert.Contains("images are 32x30 pixels, expected 28x28", error.Message);
    }

    [Fact]
    public void Negative_image_count_is_rejected()
    {
        var header = ImagesHeader(count: 0);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), -5);
        var path = _temp.WriteBytes("negative", header);

        var error = Assert.Throws<DataFileException>(() => IdxReader.ReadImages(path));

        Assert.Contains("announces -5 images", error.Message);
    }

    [Fact]
    public void Label_count_that_differs_from_the_image_count_is_reported()
    {
        var imagesPath = _temp.File("images-idx3-ubyte");
        var labelsPath = _temp.File("labels-idx1-ubyte");
        IdxWriter.WriteImages(imagesPath, SampleImages.Create(3));
        IdxWriter.WriteLabels(labelsPath, [1, 2]);

        var error = Assert.Throws<DataFileException>(() => IdxReader.ReadLabeled(imagesPath, labelsPath));

        Assert.Equal(labelsPath, error.FilePath);
        Assert.Contains("has 2 labels but images-idx3-ubyte has 3 images", error.Message);
    }

    [Fact]
    public void Truncated_label_file_is_reported()
    {
        var path = _temp.WriteBytes("labels", Concat(LabelsHeader(count: 5), [1, 2, 3]));

        var error = Assert.Throws<DataFileException>(() => IdxReader.ReadLabels(path));

        Assert.Contains("expected 5 bytes of data, file has 3", error.Message);
    }

    [Fact]
    public void Label_outside_0_to_9_names_its_position()
    {
        var path = _temp.WriteBytes("labels", Concat(LabelsHeader(count: 3), [1, 12, 3]));

        var error = Assert.Throws<DataFileException>(() => IdxReader.ReadLabels(path));

        Assert.Equal("label 1", error.Field);
        Assert.Contains("value 12 is not a digit 0..9", error.Message);
    }

    [Fact]
    public void Missing_file_is_a_data_file_error()
    {
        var path = _temp.File("absent");

        var error = Assert.Throws<DataFileException>(() => IdxReader.ReadImages(path));

        Assert.Contains("file not found", error.Message);
    }

    private static byte[] ImagesHeader(int count)
    {
        var header = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(header, 0x803);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), 28);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), 28);
        return header;
    }

    private static byte[] LabelsHeader(int count)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, 0x801);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), count);
        return header;
    }

    private static byte[] Concat(byte[] first, byte[] second) => [.. first, .. second];

    private static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }
}
