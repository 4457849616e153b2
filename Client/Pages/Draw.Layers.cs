using Microsoft.AspNetCore.Components;
using MnistBlazor.Shared.Layers;

namespace MnistBlazor.Client.Pages;

/// <summary>
/// "Inside the networks", on request: each convolutional model's block activations and derived inputs on
/// the current drawing. Read only while shown (one more run per CNN), after the verdicts and evidence;
/// a newer drawing cancels the reading.
/// </summary>
public sealed partial class Draw
{
    [Inject]
    private ILayerViewer LayerViewer { get; set; } = default!;

    private bool showLayers;

    /// <summary>The layer views of <see cref="preview"/>, or null while read or while nothing is shown.</summary>
    private DigitLayers? layers;

    private async Task ViewLayersAsync(float[] pixels, CancellationToken cancellationToken)
    {
        if (!showLayers)
        {
            return;
        }

        var read = await LayerViewer.ViewAsync(pixels, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        layers = read;
        StateHasChanged();
    }

    private async Task ToggleLayersAsync()
    {
        showLayers = !showLayers;
        layers = null;
        if (showLayers && preview is { } shown)
        {
            var token = pending?.Token ?? CancellationToken.None;
            try
            {
                await ViewLayersAsync(shown, token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // A newer drawing superseded this one and reads its own layers.
            }
        }
    }
}
