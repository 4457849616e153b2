using Microsoft.AspNetCore.Components;
using MnistBlazor.Client.Insights;

namespace MnistBlazor.Client.Pages;

/// <summary>
/// <c>/?mnist=1234</c>: the drawing page classifies MNIST test image 1234 (from the dataset browser or
/// the misclassified gallery) as if it had been drawn: its preview, features and every model's verdict.
/// </summary>
public sealed partial class Draw
{
    [Inject]
    private IMnistTestSet TestSet { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "mnist")]
    public int? MnistIndex { get; set; }

    /// <summary>The test image shown, or null while the page shows the drawing.</summary>
    private MnistSample? sample;

    private sealed record MnistSample(int Index, int Label, string? Problem);

    private async Task ShowMnistSampleAsync()
    {
        if (MnistIndex == sample?.Index)
        {
            return;
        }

        if (MnistIndex is not { } index)
        {
            sample = null;
            ShowBlank(DrawInvitation);
            return;
        }

        if (TestSet.Images is not { } images)
        {
            sample = new MnistSample(index, -1, TestSet.UnavailableReason ?? "The MNIST test set is not loaded.");
            return;
        }

        if (index < 0 || index >= images.Count)
        {
            sample = new MnistSample(index, -1, $"There is no MNIST test image #{index}; they are numbered 0 to {images.Count - 1}.");
            return;
        }

        sample = new MnistSample(index, images.LabelOf(index), null);
        var pixels = images.ImageAsFloats(index);
        var cancellationToken = Supersede();
        try
        {
            // MNIST images are already what the models receive: no preprocessing.
            await ShowVerdictsAsync(pixels, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The person started drawing meanwhile.
        }
    }

    /// <summary>Drawing replaces a shown test image: the address goes back to the plain drawing page.</summary>
    private void LeaveMnistSample()
    {
        if (sample is not null)
        {
            sample = null;
            DropFromAddress("mnist");
        }
    }
}
