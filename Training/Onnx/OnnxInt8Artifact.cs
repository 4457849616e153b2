using Google.Protobuf;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.IO;
using MnistBlazor.Shared.Models;
using Onnx;

namespace MnistBlazor.Training.Onnx;

/// <summary>Writes a model's int8 file (<see cref="ModelFiles.Int8Onnx"/>) from its exported fp32 file.</summary>
public static class OnnxInt8Artifact
{
    /// <summary>Calibrates on the first <paramref name="calibrationImages"/> of <paramref name="calibration"/>, writes the int8 file atomically and returns both graphs.</summary>
    public static (ModelProto Fp32, ModelProto Int8) Write(ModelFiles files, LabeledImages calibration, int calibrationImages)
    {
        if (!File.Exists(files.Onnx))
        {
            throw new UsageException($"{files.ModelId} has no {Path.GetFileName(files.Onnx)} to quantize; export it first: {TrainingCommand.Prefix} export --model {files.ModelId}");
        }

        var content = File.ReadAllBytes(files.Onnx);
        ModelProto fp32;
        try
        {
            fp32 = ModelProto.Parser.ParseFrom(content);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new UsageException($"{files.ModelId}/{Path.GetFileName(files.Onnx)} is not a readable ONNX file: {e.Message}");
        }

        var ranges = OnnxCalibration.Ranges(fp32, OnnxQuantizer.ActivationsToCalibrate(fp32), calibration, calibrationImages);
        var int8 = OnnxQuantizer.Quantize(fp32, ranges, calibrationImages);
        int8.MetadataProps.Add(new StringStringEntryProto { Key = ModelFiles.Int8SourceMetadataKey, Value = ModelFiles.SourceHash(content) });
        AtomicFile.Write(files.Int8Onnx, int8.WriteTo);
        return (fp32, int8);
    }
}
