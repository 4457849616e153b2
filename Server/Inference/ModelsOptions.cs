using System.ComponentModel.DataAnnotations;
using System.Runtime.Intrinsics.X86;
using MnistBlazor.Server.Configuration;
using MnistBlazor.Shared;

namespace MnistBlazor.Server.Inference;

/// <summary>Configuration section "Models".</summary>
public sealed class ModelsOptions
{
    public const string SectionName = "Models";

    /// <summary>Where the trained models live (one folder per model id); empty means the repository's models/.</summary>
    public string? Directory { get; set; }

    /// <summary>Quiet time after a file change before the model is reloaded (training writes several files).</summary>
    [TimeRange("00:00:00", "00:01:00", ErrorMessage = "Models:ReloadDelay must be a time from 00:00:00 to 00:01:00.")]
    public TimeSpan ReloadDelay { get; set; } = TimeSpan.FromMilliseconds(400);

    /// <summary>How often the model folders are checked even without a file-system event (some file systems send none).</summary>
    [TimeRange("00:00:00.100", "01:00:00", ErrorMessage = "Models:PollInterval must be a time from 00:00:00.100 to 01:00:00.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Whether one image's models run side by side on several cores (<see cref="ModelConcurrency"/>).
    /// Measured in docs/benchmarks/inference-speed.md.
    /// </summary>
    public ModelConcurrency Concurrency { get; set; } = ModelConcurrency.Sequential;

    /// <summary>
    /// Up to how many images of concurrent classifications one model runs at once (<see cref="ModelBatcher"/>);
    /// 1 turns batching off. A lone image never waits for others. Measured in docs/benchmarks/inference-speed.md.
    /// </summary>
    [Range(1, 256, ErrorMessage = "Models:MaxBatchSize must be a whole number from 1 to 256 (1 turns batching off).")]
    public int MaxBatchSize { get; set; } = 32;

    /// <summary>
    /// Which file each model runs: <see cref="ModelPrecision.Fp32"/> model.onnx, <see cref="ModelPrecision.Int8"/>
    /// model.int8.onnx (written by Training quantize), or <see cref="ModelPrecision.Auto"/>: int8 where ONNX Runtime's
    /// int8 kernels were measured faster (<see cref="ModelPrecisions.Int8IsFaster"/>). Where the int8 file is missing,
    /// broken, from an earlier export or not exact on this CPU, model.onnx serves and the log and the model's status
    /// say why. Measured in docs/benchmarks/quantization.md.
    /// </summary>
    [System.ComponentModel.DataAnnotations.EnumDataType(typeof(ModelPrecision), ErrorMessage = "Models:Precision must be fp32, int8 or auto.")]
    public ModelPrecision Precision { get; set; } = ModelPrecision.Auto;

    /// <summary>
    /// Whether one sample drawing runs through every model, the evidence maps and the layer views once the server
    /// has started (<see cref="InferenceWarmUp"/>), so the first person to draw does not wait for first runs.
    /// </summary>
    public bool WarmUp { get; set; } = true;

    /// <summary>Whether the models run their int8 file where one is usable (<see cref="Precision"/> on this CPU).</summary>
    public bool PrefersInt8 => Precision switch
    {
        ModelPrecision.Int8 => true,
        ModelPrecision.Auto => ModelPrecisions.Int8IsFaster,
        _ => false,
    };

    public string ResolveDirectory() =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(Directory) ? ProjectPaths.DefaultModelsDirectory : Directory);
}

/// <summary>How the models of one classification share the cores.</summary>
public enum ModelConcurrency
{
    /// <summary>One model after the other on the request's thread.</summary>
    Sequential,

    /// <summary>Side by side while fewer classifications are running than there are cores; one after the other otherwise, so load does not oversubscribe them.</summary>
    WhenIdle,

    /// <summary>Always side by side.</summary>
    Always,
}

/// <summary>Which model file the server runs (<see cref="ModelsOptions.Precision"/>).</summary>
public enum ModelPrecision
{
    /// <summary>int8 where it is faster (<see cref="ModelPrecisions.Int8IsFaster"/>), fp32 otherwise.</summary>
    Auto,

    /// <summary>model.onnx.</summary>
    Fp32,

    /// <summary>model.int8.onnx where it is usable, model.onnx otherwise.</summary>
    Int8,
}

public static class ModelPrecisions
{
    /// <summary>CPUID leaf 7, sub-leaf 0: ECX bit 11 is AVX512_VNNI (.NET has no flag of its own for it).</summary>
    private const int Avx512VnniBit = 1 << 11;

    /// <summary>
    /// VNNI int8 dot products (AVX-VNNI, or AVX-512 VNNI where the OS enables AVX-512): ONNX Runtime's int8 kernels
    /// use them; without them they add pairs of uint8 x int8 products in 16 bits, which full-range weights overflow.
    /// </summary>
    public static bool CpuHasInt8DotProducts { get; } =
        AvxVnni.IsSupported || (Avx512F.IsSupported && (X86Base.CpuId(7, 0).Ecx & Avx512VnniBit) != 0);

    /// <summary>
    /// x86-64 with AVX2, where the int8 files ran all four models 3x (VNNI) and 2x (AVX2 alone) as fast as fp32;
    /// not measured on other CPUs, which keep fp32.
    /// </summary>
    public static bool Int8IsFaster { get; } = Avx2.IsSupported;
}
