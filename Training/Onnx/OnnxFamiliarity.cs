using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Models;
using Onnx;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Onnx;

/// <summary>
/// Fits a model file's <see cref="FamiliarityProfile"/> on training images, through the exported graph itself so the
/// server's features are the ones fitted: the image branch's last block, averaged per channel.
/// </summary>
public static class OnnxFamiliarity
{
    /// <summary>How many of the first training images are used.</summary>
    public const int Images = 12_000;

    /// <summary>How many folds the images are dealt into (image i into fold i mod 5) to cross-fit the threshold.</summary>
    public const int Folds = 5;

    /// <summary>Fewer images of a digit than this in a fold's fit fit no profile (a tiny fine-tuning set, a test's few images).</summary>
    public const int LeastImagesPerDigit = 50;

    /// <summary>The last image-branch block output the graph declares, or null (the plain NN has none).</summary>
    public static string? FeatureOutput(ModelProto model) => model.Graph.Output
        .Select(output => (output.Name, Block: OnnxContract.BlockOf(output.Name)))
        .Where(output => output.Block is { Branch: BlockBranch.Image })
        .OrderBy(output => output.Block!.Value.Block)
        .Select(output => output.Name)
        .LastOrDefault();

    /// <summary>
    /// The profile of <paramref name="model"/> on the first <see cref="Images"/> of <paramref name="training"/>, or null
    /// with the reason when the model has no image block or the images are too few.
    /// </summary>
    public static (FamiliarityProfile? Profile, string? Reason) Fit(ModelProto model, LabeledImages training)
    {
        if (FeatureOutput(model) is not { } featureOutput)
        {
            return (null, "the model has no convolutional block");
        }

        if (training.Labels is not { } labels)
        {
            return (null, "the training images have no labels");
        }

        var count = Math.Min(Images, training.Count);
        var features = new float[count][];
        // Only the feature block is wanted: a graph that outputs nothing else lets ONNX Runtime leave out the layers
        // after it and the other branches.
        var featuresOnly = model.Clone();
        var others = featuresOnly.Graph.Output.Where(output => output.Name != featureOutput).ToArray();
        foreach (var output in others)
        {
            featuresOnly.Graph.Output.Remove(output);
        }

        using (var runner = new OnnxModelRunner(featuresOnly))
        {
            runner.ForEachBatch(training, count, [featureOutput], (start, outputs) =>
            {
                var shape = outputs[0].GetTensorTypeAndShape().Shape;
                var pooled = FamiliarityProfile.PooledFeatures(outputs[0].GetTensorDataAsSpan<float>(), shape);
                var dimensions = (int)shape[1];
                for (var i = 0; i < shape[0]; i++)
                {
                    features[start + i] = pooled.AsSpan(i * dimensions, dimensions).ToArray();
                }
            });
        }

        return FitFeatures(featureOutput, features, labels);
    }

    /// <summary>
    /// The profile of features already computed, one array per image with its label. The threshold is cross-fitted:
    /// each image's distance comes from a profile fitted on the other <see cref="Folds"/> - 1 folds, so every image
    /// counts as held out once and the tail the threshold is read from holds five times as many images as one fold.
    /// </summary>
    public static (FamiliarityProfile? Profile, string? Reason) FitFeatures(string featureOutput, float[][] features, byte[] labels)
    {
        var all = Enumerable.Range(0, features.Length).ToArray();
        var heldOutDistances = new List<float>(features.Length);
        for (var fold = 0; fold < Folds; fold++)
        {
            var fitted = all.Where(i => i % Folds != fold).ToArray();
            var fewest = Enumerable.Range(0, MnistGeometry.ClassCount).Min(digit => fitted.Count(i => labels[i] == digit));
            if (fewest < LeastImagesPerDigit)
            {
                return (null, $"a digit has only {fewest} of the {fitted.Length} images of a fold's fit (at least {LeastImagesPerDigit} needed)");
            }

            var (foldMeans, foldWhitening) = MeansAndWhitening(features, labels, fitted);
            var foldProfile = new FamiliarityProfile(featureOutput, foldMeans, foldWhitening, threshold: 1);
            heldOutDistances.AddRange(all.Where(i => i % Folds == fold).Select(i => foldProfile.Distance(features[i])));
        }

        var distances = heldOutDistances.Order().ToArray();
        var threshold = distances[Math.Min(distances.Length - 1, (int)Math.Ceiling(FamiliarityProfile.ThresholdQuantile * distances.Length) - 1)];
        var (means, whitening) = MeansAndWhitening(features, labels, all);
        return (new FamiliarityProfile(featureOutput, means, whitening, threshold), null);
    }

    /// <summary>Adds <paramref name="profile"/> to the model's metadata, replacing an earlier one.</summary>
    public static void Attach(ModelProto model, FamiliarityProfile profile)
    {
        var earlier = model.MetadataProps.Where(p => p.Key == FamiliarityProfile.MetadataKey).ToArray();
        foreach (var entry in earlier)
        {
            model.MetadataProps.Remove(entry);
        }

        model.MetadataProps.Add(new StringStringEntryProto { Key = FamiliarityProfile.MetadataKey, Value = profile.ToMetadata() });
    }

    /// <summary>
    /// Each digit's mean, and the inverse of the Cholesky factor of the covariance around them shared by all digits
    /// (lower-triangular, packed row by row): the whitening the server applies. Computed in float64.
    /// </summary>
    private static (float[] Means, float[] Whitening) MeansAndWhitening(float[][] features, byte[] labels, int[] indices)
    {
        using var scope = NewDisposeScope();
        var dimensions = features[indices[0]].Length;
        var all = tensor(indices.SelectMany(i => features[i]).ToArray(), [indices.Length, dimensions]).to_type(ScalarType.Float64);
        var digits = tensor(indices.Select(i => (long)labels[i]).ToArray());
        var means = zeros(MnistGeometry.ClassCount, dimensions, ScalarType.Float64);
        for (var digit = 0; digit < MnistGeometry.ClassCount; digit++)
        {
            means[digit] = all[digits.eq(digit)].mean([0]);
        }

        var centred = all - means.index_select(0, digits);
        var covariance = centred.t().matmul(centred) / (indices.Length - MnistGeometry.ClassCount);
        // A little of the average variance on the diagonal keeps channels that barely vary (dead after ReLU) invertible.
        var ridge = 1e-3 * covariance.diagonal().mean().item<double>();
        var factor = linalg.cholesky(covariance + ridge * eye(dimensions, dtype: ScalarType.Float64));
        var whitening = linalg.inv(factor).to_type(ScalarType.Float32).data<float>().ToArray();
        var packed = new float[FamiliarityProfile.TriangleSize(dimensions)];
        for (int row = 0, next = 0; row < dimensions; next += ++row)
        {
            whitening.AsSpan(row * dimensions, row + 1).CopyTo(packed.AsSpan(next));
        }

        return (means.to_type(ScalarType.Float32).data<float>().ToArray(), packed);
    }
}
