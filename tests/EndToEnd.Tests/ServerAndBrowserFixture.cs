using Microsoft.Playwright;

namespace MnistBlazor.EndToEnd.Tests;

/// <summary>
/// A real server over a temporary models directory and one headless Chromium; subclasses put the
/// models (and any records) into the directory before the server starts.
/// </summary>
public abstract class ServerAndBrowserFixture(string directoryPrefix) : IAsyncLifetime
{
    private Chromium? chromium;
    private ServerProcess? server;

    public string ModelsDirectory { get; } = Path.Combine(Path.GetTempPath(), directoryPrefix, Guid.NewGuid().ToString("N"));

    public ServerProcess Server => server ?? throw new InvalidOperationException("The server is not started.");

    public IBrowser Browser => chromium?.Browser ?? throw new InvalidOperationException("The browser is not started.");

    /// <summary>Writes what the server should find in <see cref="ModelsDirectory"/> when it starts.</summary>
    protected abstract Task PrepareModelsAsync();

    /// <summary>Settings the server starts with, as environment variables (for example <c>PenDigits__File</c>).</summary>
    protected virtual IReadOnlyDictionary<string, string> ServerConfiguration => new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        await PrepareModelsAsync();
        server = await ServerProcess.StartAsync(ModelsDirectory, ServerConfiguration);
        chromium = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (chromium is not null)
        {
            await chromium.DisposeAsync();
        }

        if (server is not null)
        {
            await server.DisposeAsync();
        }

        try
        {
            Directory.Delete(ModelsDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Temporary folder; removed eventually.
        }
    }
}
