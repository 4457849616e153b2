using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Server.Drawings;
using MnistBlazor.Server.Tests.Support;

namespace MnistBlazor.Server.Tests.Drawings;

/// <summary>The real server in memory with the four test models and a drawings database in a scratch folder.</summary>
public sealed class DrawingsAppFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string> settings;

    /// <param name="settings">Configuration added to the defaults (e.g. "Drawings:BusyTimeout").</param>
    public DrawingsAppFactory(IReadOnlyDictionary<string, string>? settings = null)
    {
        this.settings = settings ?? new Dictionary<string, string>();
        Models = TestModels.AllFour();
        DatabasePath = Path.Combine(Models.Directory, "data", "drawings.db");
    }

    public TestModels Models { get; }

    public string DatabasePath { get; }

    public DrawingService Drawings => Services.GetRequiredService<DrawingService>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Models:Directory", Models.Directory);
        builder.UseSetting("Drawings:DatabasePath", DatabasePath);
        builder.UseSetting("Models:ReloadDelay", "00:00:00.100");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteConnection.ClearAllPools();
            Models.Dispose();
        }
    }
}
