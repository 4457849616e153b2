using Microsoft.Extensions.Options;
using MnistBlazor.Client.Insights;
using MnistBlazor.Server.Security;
using MnistBlazor.Shared.Data;

namespace MnistBlazor.Server.Insights;

/// <summary>The MNIST test split, read once on first use (7.8 MB) and shared by every page.</summary>
public sealed class MnistTestSet : IMnistTestSet
{
    private readonly Lazy<(LabeledImages? Images, string? Problem)> loaded;

    public MnistTestSet(IOptions<InsightsOptions> options, ILogger<MnistTestSet> logger)
    {
        var directory = options.Value.ResolveDataDirectory();
        loaded = new Lazy<(LabeledImages?, string?)>(() =>
        {
            try
            {
                return (MnistDataset.Load(directory, MnistSplit.Test), null);
            }
            catch (Exception e) when (e is DataFileException or IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("MNIST test set unavailable: {Reason}", e.Message);
                return (null, ServerPaths.WithoutDirectory(e.Message, directory)); // shown on pages
            }
        });
    }

    /// <summary>A test set given directly (tests).</summary>
    public MnistTestSet(LabeledImages images) => loaded = new Lazy<(LabeledImages?, string?)>((images, null));

    public LabeledImages? Images => loaded.Value.Images;

    public string? UnavailableReason => loaded.Value.Problem;
}
