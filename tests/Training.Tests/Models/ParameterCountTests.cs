using MnistBlazor.Training.Models;

namespace MnistBlazor.Training.Tests.Models;

/// <summary>
/// Trainable parameters counted by hand from the study's layer list (docs/architectures.md).
/// conv2d(i,o) = 9*i*o + o, conv3d(i,o) = 27*i*o + o, dense(i,o) = i*o + o, batch norm(c) = 2*c
/// (gamma and beta; the running mean and variance are buffers, which Keras lists as non-trainable).
/// Shared pieces:
///   block1 = conv2d(1,64) 640 + conv2d(64,64) 36,928 + bn(64) 128 = 37,696
///   block2 = conv2d(64,128) 73,856 + conv2d(128,128) 147,584 + bn(128) 256 = 221,696
///   block3 = conv2d(128,512) 590,336 + conv2d(512,512) 2,359,808 + bn(512) 1,024 = 2,951,168
///   projection dense = dense(28,128) 3,712 + dense(128,128) 16,512 = 20,224
/// </summary>
public sealed class ParameterCountTests
{
    // dense(784,280) 219,800 + dense(280,28) 7,868 + dense(28,10) 290
    private const long Nn = 227_958;

    // block1 + block2 + dense(6272,512) 3,211,776 + dense(512,128) 65,664 + dense(128,10) 1,290
    private const long SimpleCnn = 3_538_122;

    // block1 + block2 + block3 + dense(4608,512) 2,359,808 + dense(512,256) 131,328
    // + projection dense 20,224 + head dense(512,256) 131,328 + dense(256,128) 32,896 + dense(128,10) 1,290
    private const long CnnProjections = 5_887_434;

    // block1 + block2 + block3 + dense(4608,512) 2,359,808
    // + quadrants: conv3d(1,64) 1,792 + conv3d(64,64) 110,656 + bn 128 + conv3d(64,64) 110,656
    //   + conv3d(64,64) 110,656 + bn 128 + dense(576,512) 295,424 = 629,440
    // + merge dense(1024,256) 262,400 + projection dense 20,224 + dense(256,64) 16,448
    // + head dense(320,256) 82,176 + dense(256,256) 65,792 + dense(256,10) 2,570
    private const long CnnQuadrants = 6_649_418;

    [Theory]
    [InlineData("nn", Nn)]
    [InlineData("simple-cnn", SimpleCnn)]
    [InlineData("cnn-proj", CnnProjections)]
    [InlineData("cnn-quad", CnnQuadrants)]
    public void Each_model_has_the_hand_counted_number_of_trainable_parameters(string modelId, long expected)
    {
        Assert.Equal(expected, ModelFactory.ParameterCount(modelId));
    }

    [Theory]
    [InlineData("simple-cnn", 2 * (64 + 128))]
    [InlineData("cnn-proj", 2 * (64 + 128 + 512))]
    [InlineData("cnn-quad", 2 * (64 + 128 + 512 + 64 + 64))]
    public void Batch_norm_running_statistics_are_buffers_beside_the_parameters(string modelId, long expectedRunningStatistics)
    {
        using var model = ModelFactory.Create(modelId);
        var runningStatistics = model.named_buffers()
            .Where(buffer => buffer.name.EndsWith(".running_mean", StringComparison.Ordinal) || buffer.name.EndsWith(".running_var", StringComparison.Ordinal))
            .Sum(buffer => buffer.buffer.numel());
        Assert.Equal(expectedRunningStatistics, runningStatistics);
    }
}
