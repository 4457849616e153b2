using MnistBlazor.Shared.Evidence;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Client.Tests.Support;

/// <summary>
/// Evidence whose maps the tests know: every model answers its digit (3 unless told) more surely the
/// more ink the image has in its left half (x below 14), and ignores the right half.
/// </summary>
public sealed class FakeEvidenceExplainer : IEvidenceExplainer
{
    public static readonly IReadOnlyList<string> CardIds = [.. ModelCatalog.Ids, ModelCatalog.EnsembleId];

    /// <summary>Each card's digit, in card order (nn, simple-cnn, cnn-proj, cnn-quad, ensemble).</summary>
    public int[] Digits { get; set; } = [3, 3, 3, 3, 3];

    /// <summary>Awaited before answering, so a test can look at the page while the evidence is measured.</summary>
    public Task Gate { get; set; } = Task.CompletedTask;

    public List<float[]> Received { get; } = [];

    /// <summary>Completes when the first image arrives.</summary>
    public Task FirstCall => firstCall.Task;

    private readonly TaskCompletionSource firstCall = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<DigitEvidence> ExplainAsync(ReadOnlyMemory<float> pixels, CancellationToken cancellationToken = default)
    {
        var copy = pixels.ToArray();
        Received.Add(copy);
        firstCall.TrySetResult();
        await Gate.WaitAsync(cancellationToken);
        return Explain(copy, Digits);
    }

    public static DigitEvidence Explain(float[] pixels, IReadOnlyList<int> digits)
    {
        var batch = OcclusionBatch.For(pixels, OcclusionGrid.Default);
        return new DigitEvidence(
            [.. CardIds.Select((id, i) => new ModelEvidence(id, batch.Evidence(LeftHalfClassifier(batch.Images, digits[i])), null, TimeSpan.FromMilliseconds(12)))],
            TimeSpan.FromMilliseconds(60));
    }

    public static bool InLeftHalf(int pixel) => pixel % MnistGeometry.Side < MnistGeometry.Side / 2;

    private static float[] LeftHalfClassifier(float[] images, int digit)
    {
        var count = images.Length / MnistGeometry.PixelCount;
        var probabilities = new float[count * MnistGeometry.ClassCount];
        for (var image = 0; image < count; image++)
        {
            var ink = 0.0;
            for (var pixel = 0; pixel < MnistGeometry.PixelCount; pixel++)
            {
                ink += InLeftHalf(pixel) ? images[image * MnistGeometry.PixelCount + pixel] : 0;
            }

            var answer = Math.Exp(2 + 0.3 * ink);
            for (var d = 0; d < MnistGeometry.ClassCount; d++)
            {
                probabilities[image * MnistGeometry.ClassCount + d] = (float)((d == digit ? answer : 1) / (answer + MnistGeometry.ClassCount - 1));
            }
        }

        return probabilities;
    }
}
