using Microsoft.Extensions.Configuration;
using MnistBlazor.Server.AutoTraining;
using MnistBlazor.Server.Configuration;

namespace MnistBlazor.Server.Tests.Configuration;

/// <summary>A bad setting stops the start with one line naming the key and what it accepts, not with a stack trace.</summary>
public sealed class StartupSettingsTests
{
    [Theory]
    [InlineData("Training:AutoTrain", "maybe", "Training:AutoTrain is 'maybe'; it must be true or false.")]
    [InlineData("Models:Precision", "fp16", "Models:Precision is 'fp16'; it must be one of: Auto, Fp32, Int8.")]
    [InlineData("Models:PollInterval", "soon", "Models:PollInterval is 'soon'; it must be a time span such as 00:00:30 (hours:minutes:seconds) or 1.00:00:00 (a day).")]
    [InlineData("Limits:InferenceQueue", "many", "Limits:InferenceQueue is 'many'; it must be a whole number.")]
    [InlineData("Limits:MaxConnections", "0", "Limits:MaxConnections must be a whole number from 1 to 1000000.")]
    public async Task The_server_refuses_to_start_with_one_line_naming_the_setting_and_what_it_accepts(string key, string value, string expected)
    {
        var (exitCode, errors) = await RefusedStart.RunAsync($"--{key}={value}");

        Assert.Equal(StartupSettings.ExitCode, exitCode);
        Assert.Equal($"error: {expected}", errors[0]);
        Assert.Equal("The server did not start; docs/configuration.md lists every setting and what it accepts.", errors[1]);
        Assert.Equal(2, errors.Count); // no stack trace
    }

    [Fact]
    public void A_value_the_configuration_binder_cannot_convert_is_described_with_what_it_accepts()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Training:AutoTrain", "yes please")]).Build();

        var error = Assert.Throws<InvalidOperationException>(() => configuration.GetSection("Training").Get<AutoTrainingOptions>());

        Assert.Equal(["Training:AutoTrain is 'yes please'; it must be true or false."], StartupSettings.Describe(error));
    }

    [Fact]
    public void Other_failures_are_not_taken_for_settings()
    {
        Assert.Null(StartupSettings.Describe(new InvalidOperationException("The port is in use.")));
        Assert.Null(StartupSettings.Describe(new IOException("Disk full.")));
    }
}
