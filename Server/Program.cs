using Microsoft.AspNetCore.Diagnostics;
using MnistBlazor.Client;
using MnistBlazor.Client.AutoTraining;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Client.Drawing;
using MnistBlazor.Client.SavedDrawings;
using MnistBlazor.Server.Api;
using MnistBlazor.Server.AutoTraining;
using MnistBlazor.Server.Components;
using MnistBlazor.Server.Configuration;
using MnistBlazor.Server.Drawings;
using MnistBlazor.Server.Health;
using MnistBlazor.Server.Inference;
using MnistBlazor.Server.Insights;
using MnistBlazor.Server.Security;
using MnistBlazor.Server.Telemetry;
using MnistBlazor.Shared.Evidence;
using MnistBlazor.Shared.Layers;

var builder = WebApplication.CreateBuilder(args);

// The repository's top-level wwwroot/ is linked into this project as static web assets; this makes
// them available outside Development too when running from the build output (publish copies them).
builder.WebHost.UseStaticWebAssets();

builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents();
// The pages' AuthorizeView shows write controls to the owner only (Security/OwnerAccess.cs decides who that is).
builder.Services.AddCascadingAuthenticationState();
builder.Services.AddProblemDetails();
builder.Services.AddApiJson();
builder.Services.AddApiDescription();
builder.Services.AddModelInsights(builder.Configuration);
builder.Services.AddAutoTraining(builder.Configuration);

// Bound at start, so a misspelt setting (e.g. Models:Concurrency) stops the server with the setting's name.
builder.Services.AddOptions<ModelsOptions>().Bind(builder.Configuration.GetSection(ModelsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<ApiOptions>().Bind(builder.Configuration.GetSection(ApiOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton<ModelFolders>();
builder.Services.AddSingleton<ModelRegistry>();
builder.Services.AddSingleton<InferenceQueueMetrics>();
builder.Services.AddSingleton<InferenceCores>();
builder.Services.AddSingleton<OnnxDigitClassifier>();
builder.Services.AddSingleton<IDigitClassifier>(services => services.GetRequiredService<OnnxDigitClassifier>());
builder.Services.AddSingleton<OcclusionExplainer>();
builder.Services.AddSingleton<IEvidenceExplainer>(services => services.GetRequiredService<OcclusionExplainer>());
builder.Services.AddSingleton<ILayerViewer, LayerViewer>();
builder.Services.AddSingleton<IDigitImageReader, DigitImageReader>();
builder.Services.AddSingleton<InferenceWarmUp>();
builder.Services.AddHostedService(services => services.GetRequiredService<InferenceWarmUp>());
builder.Services.AddDrawingStore(builder.Configuration);
builder.Services.AddSingleton<ModelVersionService>();
// The interactive pages get them guarded: reading for everyone, changing for the owner only.
builder.Services.AddScoped<CircuitOwner>();
builder.Services.AddScoped<ISavedDrawings, OwnerGuardedDrawings>();
builder.Services.AddScoped<IModelVersions, OwnerGuardedModelVersions>();
builder.Services.AddScoped<IFullTraining, OwnerGuardedFullTraining>();
builder.Services.AddScoped<IFineTuning, OwnerGuardedFineTuning>();

builder.Services.AddServerHealthChecks();
builder.AddServerTelemetry();
builder.AddForwardedHeaders();
builder.AddRequestLimits();
builder.AddSharedKeyRing();
builder.AddOwnerAccess();

// A setting out of its range, or not of its type, stops the start with a line naming it (not a stack trace).
if (StartupSettings.Problems(builder.Services) is { Count: > 0 } settingsProblems)
{
    return StartupSettings.Refuse(settingsProblems, Console.Error);
}

WebApplication app;
try
{
    app = builder.Build();
}
catch (Exception e) when (StartupSettings.Describe(e) is { } problems)
{
    return StartupSettings.Refuse(problems, Console.Error);
}

app.UseConfiguredForwardedHeaders();
app.UseResponseHeaders();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = _ => StatusCodes.Status500InternalServerError });
    app.UseHsts();
}

app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.Use((context, next) =>
{
    // Pages get the not-found page; the API keeps its own status codes and problem details.
    if (context.Request.Path.StartsWithSegments("/api") && context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
    {
        statusCodePages.Enabled = false;
    }

    return next(context);
});
app.UseDrawingStorageFaults();
app.UseRateLimiter();
app.UseRequestTimeouts();
app.UseOutputCache();
app.UseOwnerAccess();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapServerHealth();
app.MapMnistApi();
app.MapApiDescription();
app.MapDrawingsApi();
app.MapOwnerSignIn();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null) // ResponseHeaders' policy says it
    .AddAdditionalAssemblies(typeof(Routes).Assembly);

if (args.Length > 0 && args[0] == PreprocessingBenchmark.Verb)
{
    return PreprocessingBenchmark.Run(args[1..], Console.Out);
}

if (args.Length > 0 && args[0] == SeveralDigitsBenchmark.Verb)
{
    return SeveralDigitsBenchmark.Run(app.Services, args[1..], Console.Out);
}

// Load the models at start-up rather than on the first request.
app.Services.GetRequiredService<ModelRegistry>();

if (args.Length > 0 && BenchmarkVerbs.WithModels.TryGetValue(args[0], out var benchmark))
{
    return benchmark(app.Services, args[1..], Console.Out);
}

app.Run();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
