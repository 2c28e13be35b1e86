using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ChildForum.BrowserTests;

public static class Accessibility
{
    /// <summary>Runs axe on the page (WCAG 2.0/2.1 A and AA rules) and fails with a readable list when it finds a
    /// serious or critical violation.</summary>
    public static async Task AssertNoSeriousViolationsAsync(IPage page)
    {
        var result = await page.RunAxe(new Deque.AxeCore.Commons.AxeRunOptions
        {
            RunOnly = new Deque.AxeCore.Commons.RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
        });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0,
            $"axe found {serious.Count} serious or critical violation(s) on {page.Url}:\n" +
            string.Join("\n", serious.Select(v => $"- {v.Id} ({v.Impact}): {v.Help} — {string.Join("; ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))}")));
    }
}
