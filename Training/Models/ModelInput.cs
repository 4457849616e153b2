using MnistBlazor.Shared.Imaging;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Models;

/// <summary>The one input every model takes: a batch of images [N,1,28,28] with 0..1 intensities.</summary>
public static class ModelInput
{
    public const int Channels = 1;

    public static long[] Shape(long batchSize) => [batchSize, Channels, MnistGeometry.Side, MnistGeometry.Side];

    public static void Require(Tensor images)
    {
        var shape = images.shape;
        if (shape.Length != 4 || shape[1] != Channels || shape[2] != MnistGeometry.Side || shape[3] != MnistGeometry.Side)
        {
            throw new ArgumentException(
                $"Models take images shaped [N,1,28,28]; got [{string.Join(",", shape)}].", nameof(images));
        }
    }
}
