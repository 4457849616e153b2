using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Client.Drawing;
using MnistBlazor.Client.Insights;
using MnistBlazor.Client.SavedDrawings;
using MnistBlazor.Client.Tests.Insights;
using MnistBlazor.Client.Tests.Support;
using MnistBlazor.Shared.Evidence;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Layers;

namespace MnistBlazor.Client.Tests.Pages;

/// <summary>
/// Registers everything the drawing page asks of the server, with the canvas module's calls answered loosely. A test
/// passes the services it looks at; the others are fakes that stay out of the way (every model says 3, no MNIST test
/// set, no pen digits, nothing saved).
/// </summary>
public static class DrawPageServices
{
    public static void AddDrawPageServices(
        this BunitContext context,
        IDigitClassifier? classifier = null,
        IDigitImageReader? imageReader = null,
        IEvidenceExplainer? explainer = null,
        ILayerViewer? layerViewer = null,
        IMnistTestSet? testSet = null,
        IPenDigits? penDigits = null,
        ISavedDrawings? savedDrawings = null)
    {
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        var services = context.Services;
        services.AddSingleton(classifier ?? new FakeDigitClassifier());
        services.AddSingleton(imageReader ?? new FakeDigitImageReader());
        services.AddSingleton(explainer ?? new FakeEvidenceExplainer());
        services.AddSingleton(layerViewer ?? new FakeLayerViewer());
        services.AddSingleton(testSet ?? new FakeTestSet(null, "not needed"));
        services.AddSingleton(penDigits ?? FakePenDigits.Missing());
        services.AddSingleton(savedDrawings ?? new MnistBlazor.Client.Tests.SavedDrawings.FakeSavedDrawings());
    }
}
