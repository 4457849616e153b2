using System.Net;
using System.Text.RegularExpressions;

namespace MnistBlazor.Server.Tests.Support;

/// <summary>A stylesheet a page links, as the browser would fetch it.</summary>
public static class LinkedStylesheet
{
    /// <summary>
    /// Fetches <c>name.&lt;fingerprint&gt;.css</c> linked from <paramref name="html"/>; fails when the page does not
    /// link it or it is not served as CSS.
    /// </summary>
    public static async Task<string> FetchAsync(HttpClient client, string html, string name)
    {
        var link = Regex.Match(html, $"<link rel=\"stylesheet\" href=\"({Regex.Escape(name)}\\.[a-z0-9]+\\.css)\"");
        Assert.True(link.Success, $"the page links no fingerprinted {name}.css");

        var response = await client.GetAsync("/" + link.Groups[1].Value);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }
}
