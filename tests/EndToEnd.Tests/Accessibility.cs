using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace MnistBlazor.EndToEnd.Tests;

/// <summary>
/// Runs axe-core (shipped inside the Deque.AxeCore.Playwright package, nothing is downloaded) on a page as it stands,
/// with the WCAG 2.0, 2.1 and 2.2 level A and AA rules and axe's best practices, and fails with every violation,
/// where it is and what axe measured; and fails on anything the content security policy refused on the page so far
/// (<see cref="ContentSecurity"/>).
/// </summary>
public static class Accessibility
{
    private static readonly List<string> Rules = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

    public static async Task AssertNoViolationsAsync(IPage page, string state)
    {
        await ContentSecurity.AssertNothingRefusedAsync(page, state);
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = Rules } });
        if (result.Violations.Length == 0)
        {
            return;
        }

        var report = new StringBuilder($"{result.Violations.Length} accessibility rule(s) broken on {state} ({page.Url}):");
        foreach (var violation in result.Violations)
        {
            report.Append($"\n- {violation.Id} ({violation.Impact}): {violation.Help}, on {violation.Nodes.Length} element(s)");
            foreach (var node in violation.Nodes.Take(5))
            {
                var findings = node.Any.Concat(node.All).Concat(node.None).Select(check => check.Message);
                report.Append($"\n    {string.Join(" ", node.Target)}: {string.Join("; ", findings)}");
            }
        }

        Assert.Fail(report.ToString());
    }
}
