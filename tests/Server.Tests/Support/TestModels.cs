using MnistBlazor.Shared.Models;

namespace MnistBlazor.Server.Tests.Support;

/// <summary>A temporary models directory filled with tiny ONNX models whose answers the tests know.</summary>
public sealed class TestModels : IDisposable
{
    /// <summary>nn answers 1 on little ink and 8 on a lot of ink (more than 300 of 784 pixels' worth).</summary>
    public const int NnFewInkDigit = 1;
    public const int NnMuchInkDigit = 8;
    public const int SimpleCnnDigit = 7;
    public const int CnnProjectionsDigit = 7;
    public const int CnnQuadrantsDigit = 2;

    public TestModels()
    {
        Directory = Path.Combine(Path.GetTempPath(), "mnistblazor-web-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string OnnxPath(string modelId) => new ModelFiles(Directory, modelId).Onnx;

    public static TestModels AllFour()
    {
        var models = new TestModels();
        models.WriteInkDependentNn();
        TinyOnnxModel.WriteConstant(models.OnnxPath(ModelCatalog.SimpleCnn.Id), SimpleCnnDigit);
        TinyOnnxModel.WriteConstant(models.OnnxPath(ModelCatalog.CnnProjections.Id), CnnProjectionsDigit);
        TinyOnnxModel.WriteConstant(models.OnnxPath(ModelCatalog.CnnQuadrants.Id), CnnQuadrantsDigit);
        return models;
    }

    /// <summary>
    /// Three models whose answers change with the amount of ink (nn 1 or 8, simple-cnn 3 or 5, cnn-quad 0 or 9), and
    /// cnn-proj left untrained: two ways of running them must give the same verdicts, whatever the image.
    /// </summary>
    public static TestModels InkDependentThree()
    {
        var models = new TestModels();
        models.WriteInkDependentNn();
        models.WriteInkDependent(ModelCatalog.SimpleCnn.Id, fewInkDigit: 3, muchInkDigit: 5);
        models.WriteInkDependent(ModelCatalog.CnnQuadrants.Id, fewInkDigit: 0, muchInkDigit: 9);
        return models;
    }

    /// <summary>An image whose first <paramref name="inkedPixels"/> pixels are ink, the rest background.</summary>
    public static float[] ImageWithInk(int inkedPixels)
    {
        var pixels = new float[MnistBlazor.Shared.Imaging.MnistGeometry.PixelCount];
        Array.Fill(pixels, 1f, 0, inkedPixels);
        return pixels;
    }

    public void WriteInkDependentNn() => WriteInkDependent(ModelCatalog.Nn.Id, NnFewInkDigit, NnMuchInkDigit);

    /// <summary>A model that answers <paramref name="fewInkDigit"/> on little ink and <paramref name="muchInkDigit"/> on more than 300 pixels' worth.</summary>
    public void WriteInkDependent(string modelId, int fewInkDigit, int muchInkDigit)
    {
        var bias = new float[10];
        bias[fewInkDigit] = 3;
        var inkWeight = new float[10];
        inkWeight[muchInkDigit] = 0.01f;
        TinyOnnxModel.Write(OnnxPath(modelId), bias, inkWeight);
    }

    public void WriteCorrupt(string modelId)
    {
        var path = OnnxPath(modelId);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, "this is not an ONNX model"u8.ToArray());
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A watcher may still hold the folder briefly; the temp folder is cleaned up eventually.
        }
    }
}
