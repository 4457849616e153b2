using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MnistBlazor.Server.Tests.Support;

/// <summary>The real server in memory, reading models from a test directory; <paramref name="settings"/> adds configuration.</summary>
public sealed class WebAppFactory(string modelsDirectory, IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Models:Directory", modelsDirectory);
        builder.UseSetting("Models:ReloadDelay", "00:00:00.100");
        // Off unless a test asks for them: their classifications and measurement would land among the ones a test counts.
        builder.UseSetting("Models:WarmUp", "false");
        builder.UseSetting("Drawings:WarmUp", "false");
        builder.UseSetting("Api:MaxRequestBytes", (1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
    }
}

/// <summary>One app for a test class, with all four test models.</summary>
public sealed class AppWithModels : IDisposable
{
    public AppWithModels()
    {
        Models = TestModels.AllFour();
        Factory = new WebAppFactory(Models.Directory);
    }

    public TestModels Models { get; }

    public WebAppFactory Factory { get; }

    public void Dispose()
    {
        Factory.Dispose();
        Models.Dispose();
    }
}
