using MnistBlazor.Server.Tests.Support;

namespace MnistBlazor.Server.Tests.Insights;

public sealed class InsightsPagesTests(AppWithModels app) : IClassFixture<AppWithModels>
{
    private readonly HttpClient client = app.Factory.CreateClient();

    [Theory]
    [InlineData("/history", "data-testid=\"history-model-nn\"")]
    [InlineData("/compare", "data-testid=\"comparison-row-ensemble\"")]
    [InlineData("/dataset", "Test digits")]
    public async Task Each_insights_page_is_served_in_the_layout_with_its_navigation(string path, string expected)
    {
        var html = await client.GetStringAsync(path);

        Assert.Contains(expected, html);
        Assert.Contains("data-testid=\"nav-history\"", html);
        Assert.Contains("data-testid=\"nav-compare\"", html);
        Assert.Contains("data-testid=\"nav-dataset\"", html);
        Assert.Contains("insights", html); // the pages' stylesheet
    }
}
