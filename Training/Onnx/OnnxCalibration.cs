using Microsoft.ML.OnnxRuntime;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Models;
using Onnx;

namespace MnistBlazor.Training.Onnx;

/// <summary>The range each activation takes over calibration images, from running the fp32 graph with those activations as extra outputs.</summary>
public static class OnnxCalibration
{
    public const int DefaultImages = 1000;

    public static IReadOnlyDictionary<string, ValueRange> Ranges(ModelProto model, IReadOnlyList<string> activations, LabeledImages images, int count)
    {
        if (count < 1 || count > images.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Calibration needs 1 to {images.Count} images.");
        }

        var probe = model.Clone();
        var declared = probe.Graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var extra = activations.Where(a => a != OnnxContract.InputName && !declared.Contains(a)).ToArray();
        foreach (var name in extra)
        {
            probe.Graph.Output.Add(new ValueInfoProto
            {
                Name = name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
            });
        }

        var measured = activations.Where(a => a != OnnxContract.InputName).ToArray();
        var ranges = measured.ToDictionary(a => a, _ => ValueRange.Empty, StringComparer.Ordinal);
        using (var runner = new OnnxModelRunner(probe))
        {
            runner.ForEachBatch(images, count, measured, (_, outputs) =>
            {
                for (var i = 0; i < measured.Length; i++)
                {
                    ranges[measured[i]] = ranges[measured[i]].Including(outputs[i].GetTensorDataAsSpan<float>());
                }
            });
        }

        if (activations.Contains(OnnxContract.InputName))
        {
            var pixels = new float[count * MnistGeometry.PixelCount];
            for (var i = 0; i < count; i++)
            {
                images.CopyImageAsFloats(i, pixels.AsSpan(i * MnistGeometry.PixelCount, MnistGeometry.PixelCount));
            }

            ranges[OnnxContract.InputName] = ValueRange.Empty.Including(pixels);
        }

        return ranges;
    }
}
