using Microsoft.Extensions.Options;
using MnistBlazor.Client.Insights;
using MnistBlazor.Server.Inference;
using MnistBlazor.Server.Security;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.PenDigits;

namespace MnistBlazor.Server.Insights;

/// <summary>
/// The configured pen-digit file, read and rendered in the background on first use (never at start-up), and again
/// when a later use finds the file changed (its size or write time; created or deleted too), so that a file put in its
/// place is measured without a restart. The set read before stays current until the new one is ready. What pages and
/// logs show names the file only, never the server's directories.
/// </summary>
public sealed class PenDigitsService : IPenDigits
{
    private readonly string path;
    private readonly string fileName;
    private readonly ILogger<PenDigitsService> logger;
    private readonly Lock gate = new();
    private PenDigitsSnapshot current;
    private Task<PenDigitsSnapshot>? loading;
    private FileStamp? loadedStamp;

    public PenDigitsService(IOptions<PenDigitsOptions> options, IOptions<InsightsOptions> insights, ILogger<PenDigitsService> logger)
    {
        path = options.Value.ResolveFile(insights.Value);
        fileName = Path.GetFileName(path);
        this.logger = logger;
        current = PenDigitsSnapshot.Loading(fileName);
    }

    public event Action? Changed;

    public PenDigitsSnapshot Current
    {
        get
        {
            StartLoading();
            lock (gate)
            {
                return current;
            }
        }
    }

    public Task<PenDigitsSnapshot> LoadedAsync() => StartLoading();

    private Task<PenDigitsSnapshot> StartLoading()
    {
        lock (gate)
        {
            if (loading is { IsCompleted: true } && FileStamp.Of(path) != loadedStamp)
            {
                logger.LogInformation("The pen-digit file {Path} has changed: reading it again", path);
                loading = null;
            }

            return loading ??= Task.Run(Load);
        }
    }

    private PenDigitsSnapshot Load()
    {
        // Taken before reading: a write during the read makes the next use read again.
        var stamp = FileStamp.Of(path);
        var loaded = Read();
        lock (gate)
        {
            current = loaded;
            loadedStamp = stamp;
        }

        Changed?.Invoke();
        return loaded;
    }

    private PenDigitsSnapshot Read()
    {
        if (!File.Exists(path))
        {
            logger.LogInformation("No pen-digit file at {Path}: the pages explain how to get one", path);
            return PenDigitsSnapshot.Unavailable(fileName, $"There is no {fileName}. {PenDigitSet.HowToGet}");
        }

        try
        {
            var set = PenDigitSet.Load(path);
            var images = set.Render();
            logger.LogInformation("Pen digits: {Count} digits by {Writers} writers from {Path}", set.Digits.Count, set.Writers.Count, path);
            return PenDigitsSnapshot.Ready(set, images);
        }
        catch (Exception e) when (e is DataFileException or IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Pen digits unavailable: {Reason}", e.Message);
            return PenDigitsSnapshot.Unavailable(fileName, ServerPaths.WithoutDirectory(e.Message, Path.GetDirectoryName(path)));
        }
    }
}
