using Microsoft.AspNetCore.Http;
using MnistBlazor.Server.Api;

namespace MnistBlazor.Server.Tests.Api;

public sealed class ContentTypeFilterTests
{
    [Theory]
    [InlineData("application/json", true)]
    [InlineData("Application/JSON; charset=utf-8", true)]
    [InlineData("application/problem+json", true)]
    [InlineData("text/plain", false)]
    [InlineData("application/jsonx", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Takes_the_declared_types_and_any_json_suffix_only(string? contentType, bool accepted) =>
        Assert.Equal(accepted, ContentTypeFilter.Accepts(contentType, ["application/json"]));

    [Fact]
    public void The_refusal_names_the_type_sent_and_lists_the_types_taken()
    {
        var refusal = ContentTypeFilter.Unsupported("text/plain", ["image/png", "image/jpeg", "application/json"]);

        Assert.Equal(StatusCodes.Status415UnsupportedMediaType, refusal.StatusCode);
        Assert.Equal("Content-Type 'text/plain' is not accepted; send one of: image/png, image/jpeg, application/json.", refusal.Message);
    }

    [Fact]
    public void A_refusal_without_a_type_says_so_and_names_the_one_type_taken()
    {
        var refusal = ContentTypeFilter.Unsupported(null, ["application/json"]);

        Assert.Equal("The request has no Content-Type; send application/json.", refusal.Message);
    }
}
