using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace MnistBlazor.Training.Data;

/// <summary>
/// Light augmentation on a batch: each image gets its own small random rotation, scale and shift,
/// resampled bilinearly (affine_grid + grid_sample). Uses torch's generator, so the checkpoint's RNG
/// state reproduces it.
/// </summary>
public sealed class RandomAffineAugmentation(double maxDegrees = 10, double maxScaleChange = 0.1, double maxShiftPixels = 2)
{
    public double MaxDegrees { get; } = maxDegrees;
    public double MaxScaleChange { get; } = maxScaleChange;
    public double MaxShiftPixels { get; } = maxShiftPixels;

    public Tensor Apply(Tensor images)
    {
        using var scope = NewDisposeScope();
        var count = images.shape[0];
        var device = images.device;
        var angle = Uniform(count, MaxDegrees * Math.PI / 180, device);
        var scale = Uniform(count, MaxScaleChange, device).add_(1);
        var pixelsToNormalized = 2.0 / images.shape[^1];
        var shiftX = Uniform(count, MaxShiftPixels * pixelsToNormalized, device);
        var shiftY = Uniform(count, MaxShiftPixels * pixelsToNormalized, device);

        // theta maps output coordinates to input coordinates, per image: [[s cos, -s sin, tx], [s sin, s cos, ty]].
        var cos = angle.cos().mul_(scale);
        var sin = angle.sin().mul_(scale);
        var theta = stack([cos, sin.neg(), shiftX, sin, cos, shiftY], dim: 1).reshape(count, 2, 3);
        var grid = affine_grid(theta, images.shape, align_corners: false);
        var result = grid_sample(images, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, align_corners: false);
        return result.MoveToOuterDisposeScope();
    }

    private static Tensor Uniform(long count, double halfWidth, Device device) =>
        rand(count, device: device).mul_(2 * halfWidth).sub_(halfWidth);
}
