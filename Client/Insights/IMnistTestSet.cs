using MnistBlazor.Shared.Data;

namespace MnistBlazor.Client.Insights;

/// <summary>The 10,000 labelled MNIST test images, loaded once by the server.</summary>
public interface IMnistTestSet
{
    /// <summary>The images, or null when the MNIST files are not there (see <see cref="UnavailableReason"/>).</summary>
    LabeledImages? Images { get; }

    /// <summary>Why the images could not be loaded, with how to obtain them.</summary>
    string? UnavailableReason { get; }
}
