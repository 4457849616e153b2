namespace MnistBlazor.Shared.PenDigits;

/// <summary>A model's accuracy on a set of pen digits all written one way (<see cref="PenDigitVariation"/>).</summary>
/// <param name="Variation">The variation's <see cref="PenDigitVariation.Name"/>.</param>
/// <param name="Accuracy">The share of the digits read right, 0..1.</param>
public sealed record VariationAccuracy(string Variation, double Accuracy)
{
    /// <summary>The mean accuracy over the ways that change the digits (<see cref="PenDigitVariation.AsWritten"/> left out).</summary>
    public static double MeanOfChanged(IEnumerable<VariationAccuracy> accuracies) =>
        accuracies.Where(a => a.Variation != PenDigitVariation.AsWritten.Name).Average(a => a.Accuracy);
}
