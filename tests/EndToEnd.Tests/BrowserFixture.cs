using Microsoft.Playwright;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.EndToEnd.Tests;

/// <summary>One real server (with tiny test models) and one headless Chromium for the end-to-end tests.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private Chromium? chromium;

    public string ModelsDirectory { get; } = Path.Combine(Path.GetTempPath(), "mnistblazor-e2e", Guid.NewGuid().ToString("N"));

    public ServerProcess Server { get; private set; } = default!;

    public IBrowser Browser => chromium?.Browser ?? throw new InvalidOperationException("The browser is not started.");

    public async Task InitializeAsync()
    {
        // Known answers: the CNNs say 1 on a thin stroke and 0 on a lot of ink; nn always says 4.
        var bias = new float[10];
        bias[1] = 3;
        var inkWeight = new float[10];
        inkWeight[0] = 0.04f;
        foreach (var cnn in ModelCatalog.EnsembleMembers)
        {
            TinyOnnxModel.Write(new ModelFiles(ModelsDirectory, cnn.Id).Onnx, bias, inkWeight);
        }

        TinyOnnxModel.WriteConstant(new ModelFiles(ModelsDirectory, ModelCatalog.Nn.Id).Onnx, 4);

        Server = await ServerProcess.StartAsync(ModelsDirectory);
        chromium = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (chromium is not null)
        {
            await chromium.DisposeAsync();
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
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
