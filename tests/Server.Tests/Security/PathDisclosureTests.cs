using System.Net;
using MnistBlazor.Server.Tests.Drawings;

namespace MnistBlazor.Server.Tests.Security;

/// <summary>Pages and API answers name files and folders, never the server's absolute paths, also when the data is missing.</summary>
public sealed class PathDisclosureTests
{
    private static readonly string[] Pages = ["/", "/dataset", "/compare", "/history", "/my-digits", "/signin"];

    private static readonly string[] ApiAnswers = ["/api/models", "/api/drawings", "/api/drawings/measure"];

    [Fact]
    public async Task Missing_MNIST_and_pen_digit_files_are_reported_without_the_servers_paths()
    {
        var scratch = Directory.CreateTempSubdirectory("mnistblazor-paths-");
        try
        {
            using var app = new DrawingsAppFactory(new Dictionary<string, string>
            {
                ["Insights:DataDirectory"] = Path.Combine(scratch.FullName, "data"),
                ["PenDigits:File"] = Path.Combine(scratch.FullName, "data", "pendigits.tes"),
            });
            await AssertNoPathShownAsync(app, [scratch.FullName, app.Models.Directory]);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static async Task AssertNoPathShownAsync(DrawingsAppFactory app, string[] serverPaths)
    {
        var client = app.CreateClient();

        foreach (var path in Pages.Concat(ApiAnswers))
        {
            var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            foreach (var serverPath in serverPaths)
            {
                Assert.False(body.Contains(serverPath, StringComparison.Ordinal), $"{path} shows the server path {serverPath}: {body}");
            }
        }

        // The pages still say what is missing.
        Assert.Contains("MNIST file missing", await client.GetStringAsync("/dataset"));
    }
}
