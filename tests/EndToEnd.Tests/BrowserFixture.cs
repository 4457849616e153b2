using Microsoft.Playwright;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.EndToEnd.Tests;

/// <summary>One real server (with tiny test models) and one headless Chromium for all end-to-end tests.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public string ModelsDirectory { get; } = Path.Combine(Path.GetTempPath(), "mnistblazor-e2e", Guid.NewGuid().ToString("N"));

    public ServerProcess Server { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

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
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
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
