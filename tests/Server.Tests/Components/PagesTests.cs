using System.Net;
using MnistBlazor.Client.Charts;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Server.Tests.Components;

public sealed class PagesTests(AppWithModels app) : IClassFixture<AppWithModels>
{
    private readonly HttpClient client = app.Factory.CreateClient();

    [Fact]
    public async Task The_drawing_page_is_served_with_the_pad_and_every_model_card()
    {
        var html = await client.GetStringAsync("/");

        Assert.Contains("data-testid=\"canvas\"", html);
        Assert.Contains("data-testid=\"pen-width\"", html);
        Assert.Contains("data-testid=\"undo\"", html);
        Assert.Contains("data-testid=\"clear\"", html);
        foreach (var id in new[] { "nn", "simple-cnn", "cnn-proj", "cnn-quad", "ensemble" })
        {
            Assert.Contains($"data-testid=\"model-card-{id}\"", html);
        }

        Assert.Contains("Draw a digit on the pad", html);
        Assert.DoesNotContain("data-testid=\"predicted-digit\"", html);
        Assert.Contains("_framework/blazor.web", html);
    }

    [Fact]
    public async Task The_footer_links_the_api_s_openapi_description()
    {
        var page = await client.GetStringAsync("/");

        var link = System.Text.RegularExpressions.Regex.Match(page, "<a href=\"([^\"]+)\" data-testid=\"api-description\"");
        Assert.True(link.Success, "no API description link in the footer");
        Assert.Equal(MnistBlazor.Server.Api.ApiDescription.DocumentPath, "/" + link.Groups[1].Value);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync(link.Groups[1].Value)).StatusCode);
    }

    [Fact]
    public async Task The_stylesheet_from_the_top_level_wwwroot_is_served_fingerprinted()
    {
        var html = await client.GetStringAsync("/");

        var css = await LinkedStylesheet.FetchAsync(client, html, "app");

        Assert.Contains(".verdict-card", css);
    }

    [Fact]
    public async Task The_browser_bar_takes_the_header_colour_of_each_colour_scheme()
    {
        var html = await client.GetStringAsync("/");
        var css = await LinkedStylesheet.FetchAsync(client, html, "app");

        // The light value is in :root, the dark one in the prefers-color-scheme: dark block after it.
        var headers = CssColours(css, "--header");
        Assert.Equal(2, headers.Length);
        Assert.Contains($"<meta name=\"theme-color\" content=\"{headers[0]}\" media=\"(prefers-color-scheme: light)\"", html);
        Assert.Contains($"<meta name=\"theme-color\" content=\"{headers[1]}\" media=\"(prefers-color-scheme: dark)\"", html);
    }

    [Fact]
    public async Task Every_models_chart_colour_stands_out_from_the_cards_of_each_colour_scheme()
    {
        var css = await AppStylesheetAsync();
        var cards = CssColours(css, "--surface");
        Assert.Equal(2, cards.Length);

        // WCAG asks 3:1 for the lines and marks of a chart; the charts are drawn on the cards.
        var colours = ModelCatalog.Ids.Append(ModelCatalog.EnsembleId).Append("an-older-model").Select(ModelCatalog.ColorOf);
        Assert.All(colours, colour => Assert.All(cards, card =>
            Assert.True(ColorContrast.Ratio(colour, card) >= 3, $"{colour} on {card}: {ColorContrast.Ratio(colour, card):0.00}:1")));
    }

    [Fact]
    public async Task The_ensembles_card_on_the_drawing_page_has_the_ensembles_chart_colour()
    {
        var css = await AppStylesheetAsync();

        Assert.Equal([ModelCatalog.EnsembleColor], CssColours(css, "--ensemble-line"));
    }

    /// <summary>app.css as the drawing page links it (fingerprinted).</summary>
    private async Task<string> AppStylesheetAsync() => await LinkedStylesheet.FetchAsync(client, await client.GetStringAsync("/"), "app");

    /// <summary>The values of a colour variable, the light one (:root) first, then the dark one if it has one.</summary>
    private static string[] CssColours(string css, string variable) =>
        System.Text.RegularExpressions.Regex.Matches(css, variable + @":\s*(#[0-9a-f]{6})").Select(m => m.Groups[1].Value).ToArray();

    [Theory]
    [InlineData("/app.css", "text/css")]
    [InlineData("/favicon.svg", "image/svg+xml")]
    [InlineData("/_content/MnistBlazor.Client/Drawing/DrawingPad.razor.js", "text/javascript")]
    [InlineData("/_content/Plotly.Blazor/plotly-interop-7.2.0.js", "text/javascript")]
    public async Task Static_assets_are_served(string path, string mediaType)
    {
        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Unknown_pages_get_the_not_found_page_but_unknown_api_routes_stay_plain_404s()
    {
        var page = await client.GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("Not found", await page.Content.ReadAsStringAsync());

        var api = await client.GetAsync("/api/no-such-route");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.DoesNotContain("<html", await api.Content.ReadAsStringAsync());
    }
}
