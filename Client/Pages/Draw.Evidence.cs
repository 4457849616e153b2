using Microsoft.AspNetCore.Components;
using MnistBlazor.Shared.Evidence;

namespace MnistBlazor.Client.Pages;

/// <summary>
/// After each verdict, the evidence maps: which pixels pushed each model towards its answer. Measured
/// once per drawing (the models run again on occluded copies), shown on the cards when ready; a newer
/// drawing cancels the measurement.
/// </summary>
public sealed partial class Draw
{
    [Inject]
    private IEvidenceExplainer Explainer { get; set; } = default!;

    /// <summary>The evidence on <see cref="preview"/>, or null while measured or while nothing is shown.</summary>
    private DigitEvidence? evidence;

    private async Task ExplainAsync(float[] pixels, CancellationToken cancellationToken)
    {
        var measured = await Explainer.ExplainAsync(pixels, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        evidence = measured;
        StateHasChanged();
    }
}
