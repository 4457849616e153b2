using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Server.Api;
using MnistBlazor.Server.Tests.Support;

namespace MnistBlazor.Server.Tests.Api;

public sealed class ApiDescriptionTests(AppWithModels app) : IClassFixture<AppWithModels>
{
    private readonly HttpClient client = app.Factory.CreateClient();

    [Fact]
    public async Task The_document_describes_every_api_endpoint_and_nothing_else()
    {
        var document = await DocumentAsync();

        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"))
            .Order(StringComparer.Ordinal)
            .ToArray();
        var mapped = app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true
                && endpoint.RoutePattern.RawText != ApiDescription.Route)
            .SelectMany(endpoint => endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods
                .Select(method => $"{method} {endpoint.RoutePattern.RawText!.Replace(":long", "", StringComparison.Ordinal).TrimEnd('/')}"))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(mapped, documented);
        Assert.Contains("POST /api/predict", documented);
        Assert.Equal("MnistBlazor HTTP API", document.GetProperty("info").GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_digit_endpoint_takes_an_image_a_drawing_or_pixels_and_names_its_problem_statuses()
    {
        var predict = (await DocumentAsync()).GetProperty("paths").GetProperty("/api/predict").GetProperty("post");

        var content = predict.GetProperty("requestBody").GetProperty("content");
        Assert.Equal(["image/png", "image/jpeg", "application/json"], content.EnumerateObject().Select(c => c.Name));
        var shapes = content.GetProperty("application/json").GetProperty("schema").GetProperty("oneOf").EnumerateArray()
            .Select(shape => string.Join(",", shape.GetProperty("required").EnumerateArray().Select(name => name.GetString())))
            .ToArray();
        Assert.Equal(["width,height,strokes", "pixels"], shapes);
        Assert.Equal(
            ["200", "400", "413", "415", "429", "504"],
            predict.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_documented_response_has_exactly_the_properties_a_real_answer_has()
    {
        var document = await DocumentAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var pixels = new float[784];
        pixels[400] = 1;

        var response = await client.PostAsJsonAsync("/api/predict", new { pixels });
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(PropertyNames(answer), PropertyNames(schemas.GetProperty("PredictResponse").GetProperty("properties")));
        Assert.Equal(
            PropertyNames(answer.GetProperty("predictions")[0]),
            PropertyNames(schemas.GetProperty("PredictionDto").GetProperty("properties")));
        var probabilities = schemas.GetProperty("PredictionDto").GetProperty("properties").GetProperty("probabilities");
        Assert.Contains("number", probabilities.GetProperty("items").GetProperty("type").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task Saving_a_drawing_is_documented_with_its_label_and_the_owner_it_needs()
    {
        var save = (await DocumentAsync()).GetProperty("paths").GetProperty("/api/drawings").GetProperty("post");

        var schema = save.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Contains("label", schema.GetProperty("required").EnumerateArray().Select(name => name.GetString()));
        Assert.True(save.GetProperty("responses").TryGetProperty("401", out _));
        Assert.True(save.GetProperty("responses").TryGetProperty("201", out _));
    }

    [Theory]
    [InlineData("/api/predict", 2, "read ink the models read as one digit as two touching digits")]
    [InlineData("/api/drawings", 1, "save ink in parts side by side as one digit")]
    public async Task The_digits_query_parameter_is_documented_with_the_one_value_each_endpoint_takes(string path, int digits, string meaning)
    {
        var post = (await DocumentAsync()).GetProperty("paths").GetProperty(path).GetProperty("post");

        var parameter = Assert.Single(post.GetProperty("parameters").EnumerateArray());
        Assert.Equal("digits", parameter.GetProperty("name").GetString());
        Assert.Equal("query", parameter.GetProperty("in").GetString());
        Assert.StartsWith($"{digits} to {meaning};", parameter.GetProperty("description").GetString());
        Assert.Equal([digits], parameter.GetProperty("schema").GetProperty("enum").EnumerateArray().Select(value => value.GetInt32()));
    }

    [Fact]
    public async Task The_document_is_answered_from_the_output_cache_after_the_first_time()
    {
        await DocumentAsync();

        var again = await client.GetAsync(ApiDescription.DocumentPath);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True(again.Headers.Age is not null, "a cached answer carries an Age header");
    }

    private async Task<JsonElement> DocumentAsync()
    {
        var response = await client.GetAsync(ApiDescription.DocumentPath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string[] PropertyNames(JsonElement element) =>
        element.EnumerateObject().Select(property => property.Name).Order(StringComparer.Ordinal).ToArray();
}
