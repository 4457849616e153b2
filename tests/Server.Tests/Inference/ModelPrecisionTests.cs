using MnistBlazor.Server.Inference;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Server.Tests.Inference;

/// <summary>Models:Precision: which file each model runs, and model.onnx whenever the int8 file cannot be trusted.</summary>
public sealed class ModelPrecisionTests
{
    private const string Nn = "nn";
    private const int Fp32Digit = 3;
    private const int Int8Digit = 5;

    [Theory]
    [InlineData("fp32", ModelPrecision.Fp32)]
    [InlineData("INT8", ModelPrecision.Int8)]
    [InlineData("auto", ModelPrecision.Auto)]
    public void Precision_is_read_from_configuration_in_any_case(string value, ModelPrecision expected)
    {
        Assert.Equal(expected, Bind(value).Precision);
    }

    [Fact]
    public void Precision_defaults_to_auto_which_wants_int8_exactly_where_it_is_faster()
    {
        var options = Bind(null);
        Assert.Equal(ModelPrecision.Auto, options.Precision);
        Assert.Equal(ModelPrecisions.Int8IsFaster, options.PrefersInt8);
        Assert.Equal(System.Runtime.Intrinsics.X86.Avx2.IsSupported, ModelPrecisions.Int8IsFaster);
        Assert.True(new ModelsOptions { Precision = ModelPrecision.Int8 }.PrefersInt8);
        Assert.False(new ModelsOptions { Precision = ModelPrecision.Fp32 }.PrefersInt8);
    }

    [Theory]
    [InlineData("fp16")]
    [InlineData("7")]
    public void An_unknown_precision_stops_the_start_with_a_message_naming_the_setting(string value)
    {
        var error = Assert.ThrowsAny<Exception>(() => Bind(value));
        Assert.Contains("Precision", error.Message);
    }

    [Fact]
    public void Int8_precision_runs_the_int8_file_and_fp32_precision_ignores_it()
    {
        using var models = new TestModels();
        var files = WriteBoth(models);

        using (var int8 = ServedModels.On(models.Directory, TimeSpan.FromHours(1), precision: ModelPrecision.Int8))
        {
            Assert.Equal(Int8Digit, Predict(int8.Registry));
            Assert.Equal("model.int8.onnx", int8.Registry.ServedFile(Nn));
            Assert.Null(Status(int8.Registry).Reason);
        }

        using var fp32 = ServedModels.On(models.Directory, TimeSpan.FromHours(1), precision: ModelPrecision.Fp32);
        Assert.Equal(Fp32Digit, Predict(fp32.Registry));
        Assert.Equal("model.onnx", fp32.Registry.ServedFile(Nn));
        Assert.True(File.Exists(files.Int8Onnx));
    }

    [Fact]
    public void Without_an_int8_file_model_onnx_serves_without_complaint()
    {
        using var models = new TestModels();
        TinyOnnxModel.WriteConstant(models.OnnxPath(Nn), Fp32Digit);

        using var served = ServedModels.On(models.Directory, TimeSpan.FromHours(1), precision: ModelPrecision.Int8);

        Assert.Equal(Fp32Digit, Predict(served.Registry));
        Assert.Equal(ModelAvailability.Ready, Status(served.Registry).Availability);
        Assert.Null(Status(served.Registry).Reason);
    }

    [Fact]
    public void A_corrupt_int8_file_falls_back_to_model_onnx_and_the_status_says_why()
    {
        using var models = new TestModels();
        var files = WriteBoth(models);
        File.WriteAllBytes(files.Int8Onnx, "not a model"u8.ToArray());

        using var served = ServedModels.On(models.Directory, TimeSpan.FromHours(1), precision: ModelPrecision.Int8);

        Assert.Equal(Fp32Digit, Predict(served.Registry));
        Assert.Equal(ModelAvailability.Ready, Status(served.Registry).Availability);
        Assert.StartsWith(ModelRegistry.Fp32FallbackNote + "nn/model.int8.onnx", Status(served.Registry).Reason);
        Assert.DoesNotContain(models.Directory, Status(served.Registry).Reason);
    }

    [Fact]
    public void An_int8_file_quantized_from_another_model_onnx_is_refused()
    {
        using var models = new TestModels();
        var files = WriteBoth(models);
        TinyOnnxModel.WriteConstant(files.Onnx, 4); // exported again after quantizing

        using var served = ServedModels.On(models.Directory, TimeSpan.FromHours(1), precision: ModelPrecision.Int8);

        Assert.Equal(4, Predict(served.Registry));
        Assert.Contains("quantized from another model.onnx", Status(served.Registry).Reason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(8)]
    public void Full_range_int8_weights_are_refused_only_on_a_cpu_without_vnni(int? weightBits)
    {
        using var models = new TestModels();
        var files = new ModelFiles(models.Directory, Nn);
        TinyOnnxModel.WriteConstant(files.Onnx, Fp32Digit);
        TinyOnnxModel.WriteConstantInt8(files, Int8Digit, weightBits);

        var refusal = Assert.Throws<InvalidDataException>(() => LoadInt8(files, cpuHasInt8DotProducts: false));
        Assert.Equal(
            "nn/model.int8.onnx has full-range int8 weights, whose sums overflow on this CPU (no VNNI int8 dot products); "
            + "run Training quantize again to write 7-bit weights.",
            refusal.Message);

        LoadInt8(files, cpuHasInt8DotProducts: true).Retire();
    }

    [Fact]
    public void Seven_bit_int8_weights_load_on_any_cpu()
    {
        using var models = new TestModels();
        var files = WriteBoth(models);

        foreach (var vnni in new[] { false, true })
        {
            var model = LoadInt8(files, vnni);
            Assert.Equal("model.int8.onnx", model.FileName);
            model.Retire();
        }
    }

    [Fact]
    public void An_int8_file_is_refused_by_its_metadata_before_anything_else_is_checked_or_run()
    {
        using var models = new TestModels();
        var files = new ModelFiles(models.Directory, Nn);
        TinyOnnxModel.WriteConstant(files.Onnx, Fp32Digit);
        TinyOnnxModel.Write(files.Int8Onnx, new float[10], new float[10], outputName: "not-the-contract");

        var refusal = Assert.Throws<InvalidDataException>(() => LoadInt8(files, cpuHasInt8DotProducts: true));

        Assert.Equal("nn/model.int8.onnx does not say which model.onnx it was quantized from; run Training quantize again.", refusal.Message);
    }

    private static LoadedModel LoadInt8(ModelFiles files, bool cpuHasInt8DotProducts)
    {
        var stamp = FileStamp.Of(files.Int8Onnx)!.Value;
        return LoadedModel.LoadInt8(
            Nn, File.ReadAllBytes(files.Int8Onnx), "nn/model.int8.onnx", stamp, File.ReadAllBytes(files.Onnx), new OnnxStamps(stamp, stamp), cpuHasInt8DotProducts);
    }

    [Fact]
    public async Task Writing_or_replacing_either_file_while_serving_chooses_again()
    {
        using var models = new TestModels();
        var files = new ModelFiles(models.Directory, Nn);
        TinyOnnxModel.WriteConstant(files.Onnx, Fp32Digit);
        using var served = ServedModels.On(models.Directory, TimeSpan.FromMilliseconds(100), precision: ModelPrecision.Int8);
        Assert.Equal(Fp32Digit, Predict(served.Registry));

        TinyOnnxModel.WriteConstantInt8(files, Int8Digit);
        await Eventually.TrueAsync(() => Predict(served.Registry) == Int8Digit, "The new int8 file was not loaded.");

        File.WriteAllBytes(files.Int8Onnx, "half-written"u8.ToArray());
        await Eventually.TrueAsync(() => Status(served.Registry).Reason?.StartsWith(ModelRegistry.Fp32FallbackNote, StringComparison.Ordinal) == true);
        Assert.Equal(Fp32Digit, Predict(served.Registry));

        TinyOnnxModel.WriteConstant(files.Onnx, 6);
        TinyOnnxModel.WriteConstantInt8(files, 8);
        await Eventually.TrueAsync(() => Predict(served.Registry) == 8, "The int8 file of the new export was not loaded.");
        Assert.Null(Status(served.Registry).Reason);
    }

    [Fact]
    public async Task While_a_training_writes_model_onnx_the_int8_file_of_the_previous_version_waits_for_its_own_without_a_refusal()
    {
        using var models = new TestModels();
        var files = WriteBoth(models);
        using var served = ServedModels.On(models.Directory, TimeSpan.FromMilliseconds(100), precision: ModelPrecision.Int8);
        Assert.Equal(Int8Digit, Predict(served.Registry));

        using (TrainingLock.TryTake(models.Directory))
        {
            TinyOnnxModel.WriteConstant(files.Onnx, 6); // the training's new model.onnx; its int8 file comes later
            await Eventually.TrueAsync(() => Predict(served.Registry) == 6, "The new model.onnx was not loaded.");
            Assert.Null(Status(served.Registry).Reason);

            TinyOnnxModel.WriteConstantInt8(files, 8);
            await Eventually.TrueAsync(() => Predict(served.Registry) == 8, "The training's int8 file was not loaded.");
        }

        // Without a training, the same older int8 file is refused, and the status says why.
        TinyOnnxModel.WriteConstant(files.Onnx, 4);
        await Eventually.TrueAsync(() => Predict(served.Registry) == 4, "The exported model.onnx was not loaded.");
        Assert.Contains("quantized from another model.onnx", Status(served.Registry).Reason);
    }

    private static ModelFiles WriteBoth(TestModels models)
    {
        var files = new ModelFiles(models.Directory, Nn);
        TinyOnnxModel.WriteConstant(files.Onnx, Fp32Digit);
        TinyOnnxModel.WriteConstantInt8(files, Int8Digit);
        return files;
    }

    private static ModelsOptions Bind(string? precision) => ModelsConfiguration.Bind(nameof(ModelsOptions.Precision), precision);

    private static int? Predict(ModelRegistry registry)
    {
        var model = registry.Acquire(Nn);
        if (model is null)
        {
            return null;
        }

        try
        {
            var probabilities = model.Predict(new float[784]);
            return Array.IndexOf(probabilities, probabilities.Max());
        }
        finally
        {
            model.Release();
        }
    }

    private static ModelStatus Status(ModelRegistry registry) => registry.Statuses.Single(s => s.ModelId == Nn);
}
