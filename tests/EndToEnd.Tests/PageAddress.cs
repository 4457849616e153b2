using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace MnistBlazor.EndToEnd.Tests;

public static class PageAddress
{
    /// <summary>
    /// Waits until the address ends with <paramref name="pathAndQuery"/> by polling it. Blazor changes the address
    /// in the same document after the click's handler ran on the server; WaitForURLAsync can miss such a change that
    /// lands between its first look and its wait for a navigation, and then times out on an address that matches.
    /// </summary>
    public static Task ExpectAddressAsync(this IPage page, string pathAndQuery) =>
        Assertions.Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(pathAndQuery) + "$"));
}
