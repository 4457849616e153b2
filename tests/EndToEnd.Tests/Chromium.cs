using Microsoft.Playwright;

namespace MnistBlazor.EndToEnd.Tests;

/// <summary>Debian's Chromium, headless, driven by Playwright.</summary>
public sealed class Chromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>
    /// How long a page action or an expectation may wait. Verdicts come from a server whose cores the other
    /// test projects share, so Playwright's 5-second expectation default is too short on a busy machine.
    /// </summary>
    public const int PatienceMilliseconds = 20_000;

    private readonly IPlaywright playwright;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<Chromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new FileNotFoundException($"{ExecutablePath} is missing: run `bash scripts/setup.sh --browser` (installs Debian's chromium).", ExecutablePath);
        }

        Assertions.SetDefaultExpectTimeout(PatienceMilliseconds);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
        });
        return new Chromium(playwright, browser);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        playwright.Dispose();
    }
}
