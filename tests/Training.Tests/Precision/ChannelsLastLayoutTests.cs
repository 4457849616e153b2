using MnistBlazor.Training.Models;
using MnistBlazor.Training.Precision;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace MnistBlazor.Training.Tests.Precision;

public sealed class ChannelsLastLayoutTests
{
    [Theory]
    [InlineData("simple-cnn")]
    [InlineData("cnn-proj")]
    [InlineData("cnn-quad")]
    public void A_model_in_channels_last_layout_computes_the_same_logits_and_gradients(string modelId)
    {
        manual_seed(11);
        using var nchw = ModelFactory.Create(modelId);
        manual_seed(11);
        using var channelsLast = ModelFactory.Create(modelId);
        ChannelsLastLayout.Apply(channelsLast);
        nchw.eval();
        channelsLast.eval();
        using var scope = NewDisposeScope();
        var images = rand(8, 1, 28, 28);
        var labels = randint(0, 10, [8]);

        var expected = nchw.call(images);
        var actual = channelsLast.call(images);
        cross_entropy(expected, labels).backward();
        cross_entropy(actual, labels).backward();

        Assert.True(actual.allclose(expected, rtol: 1e-4, atol: 1e-5), "logits");
        var expectedGradients = nchw.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!);
        Assert.All(channelsLast.named_parameters(), p =>
        {
            var expectedGradient = expectedGradients[p.name];
            var difference = (p.parameter.grad! - expectedGradient).norm().item<float>() / expectedGradient.norm().item<float>();
            Assert.True(difference < 1e-4, $"{p.name}: gradient {difference:E2} from NCHW's");
        });
    }

    [Fact]
    public void Convolution_weights_keep_their_values_in_channels_last_storage()
    {
        manual_seed(12);
        using var model = ModelFactory.Create("simple-cnn");
        var before = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());

        ChannelsLastLayout.Apply(model);

        var convolutionWeights = model.named_parameters().Where(p => p.parameter.dim() == 4).ToArray();
        Assert.NotEmpty(convolutionWeights);
        Assert.All(convolutionWeights, p =>
        {
            // NHWC storage indexed as NCHW: channels are adjacent (stride 1) unless there is only one channel.
            Assert.True(p.parameter.shape[1] == 1 || p.parameter.stride(1) == 1, $"{p.name} strides {string.Join(",", p.parameter.stride())}");
            Assert.True(p.parameter.eq(before[p.name]).all().item<bool>(), $"{p.name} values");
        });
        Assert.All(model.named_parameters().Where(p => p.parameter.dim() != 4), p => Assert.True(p.parameter.is_contiguous(), p.name));
    }

    [Fact]
    public void Channels_last_copies_keep_every_value_at_its_nchw_index()
    {
        using var scope = NewDisposeScope();
        var nchw = arange(2 * 3 * 4 * 5, dtype: ScalarType.Float32).reshape(2, 3, 4, 5);

        var channelsLast = ChannelsLastLayout.ToChannelsLast(nchw);

        Assert.Equal(new long[] { 60, 1, 15, 3 }, channelsLast.stride());
        Assert.True(channelsLast.eq(nchw).all().item<bool>());
    }

    [Fact]
    public void Volumes_get_their_channels_stored_last_too()
    {
        using var scope = NewDisposeScope();
        var ncdhw = arange(2 * 3 * 2 * 4 * 5, dtype: ScalarType.Float32).reshape(2, 3, 2, 4, 5);

        var channelsLast = ChannelsLastLayout.ToChannelsLast(ncdhw);

        Assert.Equal(new long[] { 120, 1, 60, 15, 3 }, channelsLast.stride());
        Assert.True(channelsLast.eq(ncdhw).all().item<bool>());
    }
}
