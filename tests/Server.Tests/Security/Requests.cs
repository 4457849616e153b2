using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MnistBlazor.Server.Tests.Support;

namespace MnistBlazor.Server.Tests.Security;

/// <summary>Bodies and requests the security tests send.</summary>
public static class Requests
{
    /// <summary>A vertical stroke on the 280-pixel pad: a valid drawing, optionally with the label to save it as.</summary>
    public static string Stroke(int? label = null) =>
        Drawing(280, 280, 20, [(140, 40), (140, 240)], label);

    /// <summary>One stroke as JSON: <c>{"label"?, "width", "height", "strokes": [{"width", "points"}]}</c>.</summary>
    public static string Drawing(int width, int height, float pen, IEnumerable<(float X, float Y)> points, int? label = null)
    {
        var text = new StringBuilder("{");
        if (label is { } digit)
        {
            text.Append(CultureInfo.InvariantCulture, $"\"label\": {digit}, ");
        }

        text.Append(CultureInfo.InvariantCulture, $"\"width\": {width}, \"height\": {height}, \"strokes\": [{{\"width\": {pen}, \"points\": [");
        text.AppendJoin(", ", points.Select(p => string.Create(CultureInfo.InvariantCulture, $"[{p.X}, {p.Y}]")));
        return text.Append("]}]}").ToString();
    }

    public static HttpRequestMessage Post(string path, string body, string? contentType = "application/json", IPAddress? from = null) =>
        Post(path, Encoding.UTF8.GetBytes(body), contentType, from);

    public static HttpRequestMessage Post(string path, byte[] body, string? contentType, IPAddress? from = null)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType); // malformed ones too
        }

        return From(new HttpRequestMessage(HttpMethod.Post, path) { Content = content }, from);
    }

    public static HttpRequestMessage Get(string path, IPAddress? from = null) => From(new HttpRequestMessage(HttpMethod.Get, path), from);

    private static HttpRequestMessage From(HttpRequestMessage request, IPAddress? from)
    {
        if (from is not null)
        {
            request.Headers.Add(RemoteAddresses.Header, from.ToString());
        }

        return request;
    }

    /// <summary>Asserts a problem+json answer with <paramref name="status"/> and returns its detail.</summary>
    public static async Task<string> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<JsonElement>(text);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem.GetProperty("detail").GetString() ?? "";
    }

    public static Task<JsonElement> JsonAsync(HttpResponseMessage response) => response.Content.ReadFromJsonAsync<JsonElement>();
}
