using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using MnistBlazor.Shared.Inference;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Server.Drawings;
using MnistBlazor.Server.Inference;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Server.Tests.Support;

namespace MnistBlazor.Server.Tests.Drawings;

/// <summary>
/// The real server in memory with the four test models and a drawings database in a scratch folder.
/// <paramref name="settings"/> adds configuration; <paramref name="remoteAddress"/> is the address
/// requests come from (in-memory requests have none, which counts as this machine), and a request's
/// <see cref="RemoteAddresses.Header"/> overrides it; <paramref name="classifier"/> replaces the models.
/// </summary>
public sealed class DrawingsAppFactory(
    IReadOnlyDictionary<string, string>? settings = null, IPAddress? remoteAddress = null, IDigitClassifier? classifier = null)
    : WebApplicationFactory<Program>
{
    public TestModels Models { get; } = TestModels.AllFour();

    public string DatabasePath => Path.Combine(Models.Directory, "data", "drawings.db");

    public DrawingService Drawings => Services.GetRequiredService<DrawingService>();

    /// <summary>What the model <paramref name="modelId"/> this instance serves answers for a blank image (each test model answers a fixed digit).</summary>
    public int? BlankImageDigit(string modelId) =>
        Services.GetRequiredService<OnnxDigitClassifier>().Classify(new float[MnistGeometry.PixelCount])
            .Verdicts.Single(v => v.ModelId == modelId).PredictedDigit;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Models:Directory", Models.Directory);
        builder.UseSetting("Drawings:DatabasePath", DatabasePath);
        builder.UseSetting("Models:ReloadDelay", "00:00:00.100");
        // Off unless a test asks for them: their classifications and measurement would land among the ones a test counts.
        builder.UseSetting("Models:WarmUp", "false");
        builder.UseSetting("Drawings:WarmUp", "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IStartupFilter>(new RemoteAddresses(remoteAddress));
            if (classifier is not null)
            {
                services.AddSingleton(classifier);
            }
        });
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
