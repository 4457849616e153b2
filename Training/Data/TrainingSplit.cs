using MnistBlazor.Shared.Data;

namespace MnistBlazor.Training.Data;

/// <summary>The images a run trains on and the ones it validates on.</summary>
public sealed record TrainingSplit(LabeledImages Training, LabeledImages? Validation)
{
    /// <summary>
    /// Holds out the last <paramref name="validationFraction"/> of the images as validation (as Keras'
    /// validation_split does), then keeps the first <paramref name="trainingSubset"/> of the rest.
    /// </summary>
    public static TrainingSplit Create(LabeledImages all, double validationFraction, int? trainingSubset)
    {
        if (validationFraction is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "The validation split must be in [0, 1).");
        }

        var validationCount = (int)Math.Round(all.Count * validationFraction);
        var trainingCount = all.Count - validationCount;
        if (trainingSubset is { } subset)
        {
            trainingCount = Math.Min(trainingCount, subset);
        }

        if (trainingCount <= 0)
        {
            throw new ArgumentException($"No training images are left from {all.Count} with validation split {validationFraction}.");
        }

        var training = all.Slice(0, trainingCount);
        var validation = validationCount > 0 ? all.Slice(all.Count - validationCount, validationCount) : null;
        return new TrainingSplit(training, validation);
    }
}
