using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MnistBlazor.Server.Inference;

namespace MnistBlazor.Server.Tests.Support;

/// <summary>The models directory's reader and the registry on it, wired as the server wires them.</summary>
public sealed class ServedModels : IDisposable
{
    private ServedModels(ModelsOptions options)
    {
        Folders = new ModelFolders(Options.Create(options), NullLogger<ModelFolders>.Instance);
        Registry = new ModelRegistry(Folders, NullLogger<ModelRegistry>.Instance);
    }

    public ModelFolders Folders { get; }

    public ModelRegistry Registry { get; }

    /// <summary>
    /// Serves <paramref name="directory"/>. A <paramref name="quietTime"/> longer than the test means only the
    /// test reloads; the poll interval is the same (or <paramref name="pollInterval"/>).
    /// </summary>
    public static ServedModels On(string directory, TimeSpan quietTime, TimeSpan? pollInterval = null, ModelPrecision precision = ModelPrecision.Auto) =>
        new(new ModelsOptions { Directory = directory, ReloadDelay = quietTime, PollInterval = pollInterval ?? Later(quietTime), Precision = precision });

    /// <summary>Polling no sooner than the quiet time and never under a second, so it does not race the file events the tests wait for.</summary>
    private static TimeSpan Later(TimeSpan quietTime) => quietTime > TimeSpan.FromSeconds(1) ? quietTime : TimeSpan.FromSeconds(2);

    public void Dispose()
    {
        Registry.Dispose();
        Folders.Dispose();
    }
}
