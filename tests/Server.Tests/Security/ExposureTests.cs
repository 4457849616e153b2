using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using MnistBlazor.Server.Security;

namespace MnistBlazor.Server.Tests.Security;

public sealed class ExposureTests
{
    [Theory]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://[::]:80", false)]
    [InlineData("http://+:80", false)]
    [InlineData("http://*:80", false)]
    [InlineData("http://192.168.1.20:5080", false)]
    [InlineData("https://digits.example.org", false)]
    public void Bound_addresses_beyond_loopback_count_as_exposed(string address, bool loopback) =>
        Assert.Equal(loopback, OwnerAccess.IsLoopbackAddress(address));

    [Fact]
    public void A_server_on_loopback_only_warns_about_nothing()
    {
        Assert.Empty(OwnerAccess.ExposureWarnings(["http://localhost:5080", "http://127.0.0.1:5081"], false, true, ["localhost"]));
    }

    [Fact]
    public void An_exposed_server_warns_about_each_thing_left_open()
    {
        var warnings = OwnerAccess.ExposureWarnings(["http://127.0.0.1:5080", "http://0.0.0.0:5080"], false, true, ["localhost", "127.0.0.1", "[::1]"]);

        Assert.Collection(warnings,
            w => Assert.Contains("listens beyond this machine (http://0.0.0.0:5080) and no owner password is set", w),
            w => Assert.Contains("Owner__LoopbackIsOwner=false", w),
            w => Assert.Contains("AllowedHosts is localhost;127.0.0.1;[::1]", w));
    }

    [Fact]
    public void An_exposed_server_set_up_as_documented_warns_about_nothing()
    {
        Assert.Empty(OwnerAccess.ExposureWarnings(["http://0.0.0.0:5080"], true, false, ["digits.example.org"]));
    }

    [Fact]
    public void The_password_can_be_configured_as_its_SHA_256()
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("s3cret")));
        var password = new OwnerPassword(Options.Create(new OwnerOptions { PasswordSha256 = hash.ToLowerInvariant() }));

        Assert.True(password.IsSet);
        Assert.True(password.Matches("s3cret"));
        Assert.False(password.Matches("s3cret "));
        Assert.False(password.Matches(null));
    }

    [Fact]
    public void A_malformed_hash_is_a_configuration_error()
    {
        var error = Assert.Throws<OptionsValidationException>(() => new OwnerPassword(Options.Create(new OwnerOptions { PasswordSha256 = "abc" })));
        Assert.Contains("64 hex digits", error.Message);
    }

    [Fact]
    public void Without_a_password_nothing_matches()
    {
        var password = new OwnerPassword(Options.Create(new OwnerOptions()));

        Assert.False(password.IsSet);
        Assert.False(password.Matches(""));
    }
}
