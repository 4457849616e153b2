using Microsoft.Playwright;

namespace MnistBlazor.EndToEnd.Tests;

/// <summary>
/// What the server's content security policy refused on a page: a script, style, picture or connection it blocked
/// would be a feature broken for every visitor, so the pages' checks fail on any.
/// </summary>
public static class ContentSecurity
{
    private const string Recorder = """
        window.__refusedByPolicy = [];
        document.addEventListener('securitypolicyviolation', e =>
            window.__refusedByPolicy.push(`${e.effectiveDirective} refused ${e.blockedURI || 'inline code'} (${e.sourceFile || 'the page'}:${e.lineNumber})`));
        """;

    /// <summary>Records the policy's refusals on every page of <paramref name="context"/> from its first script on.</summary>
    public static Task WatchAsync(IBrowserContext context) => context.AddInitScriptAsync(Recorder);

    /// <summary>The same for one page, before it is opened.</summary>
    public static Task WatchAsync(IPage page) => page.AddInitScriptAsync(Recorder);

    public static async Task AssertNothingRefusedAsync(IPage page, string state)
    {
        var refused = await page.EvaluateAsync<string[]?>("() => window.__refusedByPolicy ?? null")
            ?? throw new InvalidOperationException($"{state}: the page was opened without {nameof(WatchAsync)}.");
        Assert.True(refused.Length == 0, $"The content security policy refused on {state} ({page.Url}):\n- {string.Join("\n- ", refused)}");
    }
}
