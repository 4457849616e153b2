using MnistBlazor.Shared.Data;

namespace MnistBlazor.Shared.Tests.Data;

public class LabeledImagesTests
{
    [Fact]
    public void Exposes_images_as_bytes_and_as_floats_from_0_to_1()
    {
        var images = SampleImages.Create(3);

        Assert.Equal(3, images.Count);
        Assert.Equal((byte)((2 * 31 + 5 * 7) % 256), images.ImageBytes(2)[5]);
        var floats = images.ImageAsFloats(2);
        Assert.Equal(784, floats.Length);
        Assert.Equal(images.ImageBytes(2)[5] / 255f, floats[5]);
        Assert.All(floats, value => Assert.InRange(value, 0f, 1f));

        var destination = new float[784];
        images.CopyImageAsFloats(1, destination);
        Assert.Equal(images.ImageAsFloats(1), destination);
        Assert.Equal(2, images.LabelOf(2));
    }

    [Fact]
    public void Slice_copies_the_requested_images_and_labels()
    {
        var images = SampleImages.Create(5);

        var slice = images.Slice(1, 3);

        Assert.Equal(3, slice.Count);
        Assert.Equal(images.ImageBytes(1).ToArray(), slice.ImageBytes(0).ToArray());
        Assert.Equal(images.ImageBytes(3).ToArray(), slice.ImageBytes(2).ToArray());
        Assert.Equal(new byte[] { 1, 2, 3 }, slice.Labels);
        Assert.Throws<ArgumentOutOfRangeException>(() => images.Slice(3, 3));
    }

    [Fact]
    public void Select_copies_the_images_at_the_indices_in_their_order_with_labels_when_there_are_some()
    {
        var images = SampleImages.Create(5);

        var selected = images.Select([4, 0, 2]);
        var unlabeled = new LabeledImages(images.Pixels, null).Select([3]);

        Assert.Equal(3, selected.Count);
        Assert.Equal(images.ImageBytes(4).ToArray(), selected.ImageBytes(0).ToArray());
        Assert.Equal(images.ImageBytes(2).ToArray(), selected.ImageBytes(2).ToArray());
        Assert.Equal(new byte[] { 4, 0, 2 }, selected.Labels);
        Assert.Null(unlabeled.Labels);
        Assert.Equal(images.ImageBytes(3).ToArray(), unlabeled.ImageBytes(0).ToArray());
    }

    [Fact]
    public void Rejects_inconsistent_data()
    {
        Assert.Throws<ArgumentException>(() => new LabeledImages(new byte[785], null));
        Assert.Throws<ArgumentException>(() => new LabeledImages(new byte[784 * 2], new byte[] { 1 }));
        var badLabel = Assert.Throws<ArgumentException>(() => new LabeledImages(new byte[784 * 2], new byte[] { 1, 10 }));
        Assert.Contains("image 1 is 10", badLabel.Message);
    }

    [Fact]
    public void Unlabeled_sets_have_null_labels()
    {
        var images = SampleImages.Create(2, labeled: false);

        Assert.Null(images.Labels);
        Assert.False(images.IsLabeled);
        Assert.Throws<InvalidOperationException>(() => images.LabelOf(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => images.ImageBytes(2));
    }
}
