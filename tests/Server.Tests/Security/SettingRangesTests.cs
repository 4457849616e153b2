using System.ComponentModel.DataAnnotations;
using MnistBlazor.Server.Api;
using MnistBlazor.Server.Configuration;
using MnistBlazor.Server.Tests.Configuration;
using MnistBlazor.Server.Security;

namespace MnistBlazor.Server.Tests.Security;

/// <summary>Settings with a range (limits, timers, lifetimes, sizes): a value out of it stops the start, naming the key.</summary>
public sealed class SettingRangesTests
{
    [Theory]
    [InlineData("Limits:MaxConnections", "0")]
    [InlineData("Limits:MaxRequestHeadersBytes", "100")]
    [InlineData("Limits:MaxRequestHeaderCount", "0")]
    [InlineData("Limits:RequestHeadersTimeout", "00:00:00")]
    [InlineData("Limits:ApiRequestTimeout", "-00:00:05")]
    [InlineData("Limits:InferenceConcurrency", "-1")]
    [InlineData("Limits:InferenceQueue", "-1")]
    [InlineData("Limits:ClientRequestsPerWindow", "0")]
    [InlineData("Limits:ClientWindow", "00:00:00")]
    [InlineData("Limits:SignInAttemptsPerWindow", "0")]
    [InlineData("Api:MaxRequestBytes", "0")]
    [InlineData("Api:MaxImageSide", "27")]
    [InlineData("Api:MaxImagePixels", "100")]
    [InlineData("Api:MaxStrokes", "1001")]
    [InlineData("Api:MaxPoints", "2001")]
    [InlineData("Models:ReloadDelay", "-00:00:01")]
    [InlineData("Models:PollInterval", "00:00:00")]
    [InlineData("Owner:SignInLifetime", "-1.00:00:00")]
    [InlineData("Drawings:MaxCanvasPngBytes", "-5")]
    [InlineData("Drawings:BusyTimeout", "-00:00:01")]
    [InlineData("Drawings:MaxDatabaseBytes", "0")]
    public async Task A_value_out_of_range_stops_the_start_naming_the_setting(string key, string value)
    {
        var (exitCode, errors) = await RefusedStart.RunAsync($"--{key}={value}");

        Assert.Equal(StartupSettings.ExitCode, exitCode);
        Assert.StartsWith($"error: {key} must be", errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_and_the_edges_of_each_range_are_accepted()
    {
        Assert.Empty(Problems(new RequestLimitsOptions()));
        Assert.Empty(Problems(new ApiOptions()));
        Assert.Empty(Problems(new RequestLimitsOptions
        {
            MaxConnections = 1,
            MaxRequestHeadersBytes = 1024,
            RequestHeadersTimeout = TimeSpan.FromMilliseconds(1),
            ApiRequestTimeout = TimeSpan.FromHours(1),
            InferenceConcurrency = 0,
            InferenceQueue = 0,
            ClientWindow = TimeSpan.FromDays(1),
        }));
        Assert.Empty(Problems(new ApiOptions { MaxImageSide = 28, MaxImagePixels = 784, MaxStrokes = 1000, MaxPoints = 2000 }));
    }

    private static List<ValidationResult> Problems(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
