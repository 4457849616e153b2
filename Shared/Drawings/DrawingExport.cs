using MnistBlazor.Shared.Data;

namespace MnistBlazor.Shared.Drawings;

/// <summary>Writes the saved drawings (as the store reads them) in the formats the rest of the project reads: Kaggle train.csv and MNIST IDX.</summary>
public static class DrawingExport
{
    public const string CsvFileName = "my-digits.csv";
    public const string IdxImagesFileName = "my-digits-images-idx3-ubyte";
    public const string IdxLabelsFileName = "my-digits-labels-idx1-ubyte";

    /// <summary><c>label,pixel0..pixel783</c>, one row per drawing in saving order.</summary>
    public static int WriteKaggleCsv(LabeledImages images, string path)
    {
        KaggleCsv.WriteTrain(path, images);
        return images.Count;
    }

    public static int WriteIdxImages(LabeledImages images, string path)
    {
        IdxWriter.WriteImages(path, images);
        return images.Count;
    }

    public static int WriteIdxLabels(LabeledImages images, string path)
    {
        IdxWriter.WriteLabels(path, images.Labels!);
        return images.Count;
    }
}
