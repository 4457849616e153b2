using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.EndToEnd.Tests;

/// <summary>One real server (with tiny test models) and one headless Chromium for the end-to-end tests.</summary>
public sealed class BrowserFixture() : ServerAndBrowserFixture("mnistblazor-e2e")
{
    protected override Task PrepareModelsAsync()
    {
        WriteKnownAnswerModels(ModelsDirectory);
        return Task.CompletedTask;
    }

    /// <summary>Known answers: the CNNs say 1 on a thin stroke and 0 on a lot of ink; nn always says 4.</summary>
    public static void WriteKnownAnswerModels(string modelsDirectory)
    {
        var bias = new float[10];
        bias[1] = 3;
        var inkWeight = new float[10];
        inkWeight[0] = 0.04f;
        foreach (var cnn in Ensemble.Members)
        {
            TinyOnnxModel.Write(new ModelFiles(modelsDirectory, cnn.Id).Onnx, bias, inkWeight);
        }

        TinyOnnxModel.WriteConstant(new ModelFiles(modelsDirectory, ModelCatalog.Nn.Id).Onnx, 4);
    }
}
