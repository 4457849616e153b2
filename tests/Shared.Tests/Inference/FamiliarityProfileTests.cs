using System.Text.Json.Nodes;
using MnistBlazor.Shared.Inference;

namespace MnistBlazor.Shared.Tests.Inference;

public sealed class FamiliarityProfileTests
{
    private const int Dimensions = 2;

    /// <summary>Digit d's mean is (d, 0); with <paramref name="whitening"/> the identity (packed: 1; 0, 1) the distance is Euclidean.</summary>
    private static FamiliarityProfile Profile(float[]? whitening = null, float threshold = 1.5f) =>
        new("block2", [.. Enumerable.Range(0, 10).SelectMany(d => new[] { (float)d, 0f })], whitening ?? [1, 0, 1], threshold);

    [Fact]
    public void The_distance_is_to_the_nearest_digits_mean_after_whitening()
    {
        var euclidean = Profile();
        Assert.Equal(0f, euclidean.Distance([3, 0]), 4);
        Assert.Equal(0.5f, euclidean.Distance([3.5f, 0]), 4);
        Assert.Equal(5f, euclidean.Distance([9, 0]) + euclidean.Distance([4, 5]), 4); // 0 from 9; 5 above the mean of 4
        Assert.Equal(MathF.Sqrt(2 * 2 + 1), euclidean.Distance([-2, 1]), 4); // nearest is 0's mean

        // Twice as much weight across (a variance of a quarter): the same step across counts twice as far.
        var narrow = Profile([1, 0, 2]);
        Assert.Equal(10f, narrow.Distance([4, 5]), 4);
        Assert.Equal(0.5f, narrow.Distance([3.5f, 0]), 4);

        // A whitening that mixes the features: W = [[1, 0], [1, 1]] takes (x, y) to (x, x + y).
        var mixing = Profile([1, 1, 1]);
        Assert.Equal(1f, mixing.Distance([1, 1]), 4); // (1, 2) against 1's whitened mean (1, 1)
        Assert.Equal(1f, mixing.Distance([0, 1]), 4); // (0, 1): 1 from 0's (0, 0) and from 1's (1, 1) alike
        Assert.Equal(0f, mixing.Distance([7, 0]), 4);

        // Many features, more than one SIMD vector: the identity gives the Euclidean distance.
        var wide = new FamiliarityProfile("block3", new float[10 * 37], Identity(37), 1);
        var features = Enumerable.Range(0, 37).Select(i => i / 10f).ToArray();
        Assert.Equal(MathF.Sqrt(features.Sum(f => f * f)), wide.Distance(features), 3);
    }

    [Fact]
    public void Pooled_features_average_each_channel_of_each_image()
    {
        // Two images, two channels of 2x1: image 0 channel 0 = {1, 3}, channel 1 = {0, 0}; image 1 = {2, 2}, {5, 7}.
        var features = FamiliarityProfile.PooledFeatures([1, 3, 0, 0, 2, 2, 5, 7], [2, 2, 2, 1]);
        Assert.Equal([2f, 0f, 2f, 6f], features);

        var distances = Profile().Distances([1, 3, 0, 0, 2, 2, 5, 7], [2, 2, 2, 1]);
        Assert.Equal(0f, distances[0], 4);
        Assert.Equal(6f, distances[1], 4);

        var wrongShape = Assert.Throws<ArgumentException>(() => FamiliarityProfile.PooledFeatures([1, 2, 3], [1, 2, 2, 1]));
        Assert.Contains("[1,2,2,1]", wrongShape.Message, StringComparison.Ordinal);
        var wrongChannels = Assert.Throws<ArgumentException>(() => Profile().Distances([1, 2, 3], [1, 3, 1, 1]));
        Assert.Contains("3 channels", wrongChannels.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_farther_than_the_threshold_is_unfamiliar()
    {
        Assert.False(new Familiarity(1.5f, 1.5f).IsUnfamiliar);
        Assert.True(new Familiarity(1.51f, 1.5f).IsUnfamiliar);
    }

    [Fact]
    public void The_metadata_round_trips_exactly()
    {
        var profile = Profile([2, 0.25f, 3], threshold: 7.25f);
        var read = FamiliarityProfile.FromMetadata(profile.ToMetadata());

        Assert.Equal("block2", read.FeatureOutput);
        Assert.Equal(Dimensions, read.Dimensions);
        Assert.Equal(7.25f, read.Threshold);
        Assert.Equal(profile.Means, read.Means);
        Assert.Equal(profile.Whitening, read.Whitening);
        Assert.Equal(profile.Distance([0.3f, -1.7f]), read.Distance([0.3f, -1.7f]));
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("""{"version":2}""", "format version 2")]
    [InlineData("""{"version":1,"featureOutput":"block2","threshold":3,"dimensions":100000}""", "100000 dimensions")]
    [InlineData("""{"version":1,"featureOutput":"block2","threshold":3,"dimensions":2,"means":"%%%","whitening":""}""", "means are not base64")]
    [InlineData("""{"version":1,"featureOutput":"block2","threshold":3,"dimensions":2,"means":"AAAAAA==","whitening":""}""", "means hold 1 values; expected 20")]
    public void Unreadable_metadata_says_what_is_wrong(string text, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => FamiliarityProfile.FromMetadata(text));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(FamiliarityProfile.MetadataKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_with_a_threshold_that_is_not_positive_is_refused()
    {
        var stored = JsonNode.Parse(Profile().ToMetadata())!;
        stored["threshold"] = -1;
        var error = Assert.Throws<InvalidDataException>(() => FamiliarityProfile.FromMetadata(stored.ToJsonString()));
        Assert.Contains("threshold positive", error.Message, StringComparison.Ordinal);
    }

    private static float[] Identity(int size) =>
        [.. Enumerable.Range(0, size).SelectMany(row => Enumerable.Range(0, row + 1).Select(column => column == row ? 1f : 0f))];
}
