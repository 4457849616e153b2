using MnistBlazor.Server.Tests.Support;

namespace MnistBlazor.Server.Tests.Insights;

public sealed class InsightsPagesTests(AppWithModels app) : IClassFixture<AppWithModels>
{
    private readonly HttpClient client = app.Factory.CreateClient();

    [Theory]
    [InlineData("/history", "Training history", "data-testid=\"history-model-nn\"")]
    [InlineData("/compare", "Model comparison", "data-testid=\"comparison-row-ensemble\"")]
    [InlineData("/dataset", "Test digits", "data-testid=\"dataset-set-mnist\"")]
    public async Task Each_insights_page_is_served_with_its_heading_content_and_navigation(string path, string heading, string content)
    {
        var html = await client.GetStringAsync(path);

        Assert.Matches($"<h1[^>]*>{heading}</h1>", html);
        Assert.Contains(content, html);
        Assert.Contains("data-testid=\"nav-history\"", html);
        Assert.Contains("data-testid=\"nav-compare\"", html);
        Assert.Contains("data-testid=\"nav-dataset\"", html);
    }

    [Theory]
    [InlineData("/history")]
    [InlineData("/compare")]
    [InlineData("/dataset")]
    public async Task Each_insights_page_links_the_stylesheet_that_styles_its_introduction_text(string path)
    {
        var html = await client.GetStringAsync(path);
        Assert.Contains("class=\"insights-intro__text\"", html);

        var css = await LinkedStylesheet.FetchAsync(client, html, "insights");

        Assert.Contains(".insights-intro__text", css);
    }
}
