using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Infrastructure;

namespace MnistBlazor.Training.Tests.Support;

/// <summary>Saves drawings as the web app does: the sample digits' strokes in turn, each with its true label and its preprocessed image.</summary>
public static class SavedDigits
{
    /// <returns>The saved images and labels, in saving order.</returns>
    public static LabeledImages Save(DrawingStore store, int count)
    {
        var pixels = new byte[count * MnistGeometry.PixelCount];
        var labels = new byte[count];
        for (var i = 0; i < count; i++)
        {
            var (label, strokes) = SampleStrokes.Digits[i % SampleStrokes.Digits.Count];
            var image = DrawingImage.ToBytes(DigitPreprocessor.Preprocess(strokes).Pixels);
            store.Add(new NewDrawing(label, strokes, image, null, [], DateTimeOffset.UnixEpoch));
            image.CopyTo(pixels, i * MnistGeometry.PixelCount);
            labels[i] = (byte)label;
        }

        return new LabeledImages(pixels, labels);
    }
}
