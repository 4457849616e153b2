using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Data;

/// <summary>Converts images to the tensors every model takes: float [N,1,28,28] in 0..1, labels int64 [N].</summary>
public static class ImageTensors
{
    public static Tensor Images(LabeledImages images)
    {
        using var bytes = tensor(images.Pixels, [images.Count, 1, MnistGeometry.Side, MnistGeometry.Side]);
        return bytes.to_type(ScalarType.Float32).div_(255f);
    }

    public static Tensor Labels(LabeledImages images)
    {
        var labels = images.Labels
            ?? throw new InvalidOperationException("These images have no labels (a Kaggle test.csv cannot be used for training or evaluation).");
        using var bytes = tensor(labels, [images.Count]);
        return bytes.to_type(ScalarType.Int64);
    }
}
