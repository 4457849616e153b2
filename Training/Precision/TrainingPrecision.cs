namespace MnistBlazor.Training.Precision;

/// <summary>The arithmetic of a training step's forward and backward passes; weights and optimizer state stay float32 either way.</summary>
public enum TrainingPrecision
{
    Fp32,

    /// <summary>bfloat16 convolutions and dense layers on a float32 master copy (mixed precision).</summary>
    Bf16,
}

/// <summary>The <c>--precision</c> option's values and how <c>auto</c> resolves on a given CPU and architecture.</summary>
public static class PrecisionChoice
{
    public const string Fp32 = "fp32";
    public const string Bf16 = "bf16";
    public const string Auto = "auto";

    public static readonly string[] Names = [Fp32, Bf16, Auto];

    /// <summary>auto is bf16 where the CPU has native bf16 units, else fp32; bf16 asked for on a CPU without them is an error.</summary>
    public static TrainingPrecision Resolve(string choice, CpuFeatures cpu) => choice switch
    {
        Fp32 => TrainingPrecision.Fp32,
        Auto => cpu.SupportsBf16 ? TrainingPrecision.Bf16 : TrainingPrecision.Fp32,
        Bf16 when cpu.SupportsBf16 => TrainingPrecision.Bf16,
        Bf16 => throw new UsageException(
            $"--precision bf16: this CPU has neither {CpuFeatures.Avx512Bf16} nor {CpuFeatures.AmxBf16}, so bfloat16 would be emulated and slower than fp32; use --precision fp32 or auto."),
        _ => throw new UsageException($"--precision must be one of {string.Join(", ", Names)}; got '{choice}'."),
    };

    public static string NameOf(TrainingPrecision precision) => precision switch
    {
        TrainingPrecision.Fp32 => Fp32,
        TrainingPrecision.Bf16 => Bf16,
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown precision."),
    };
}

/// <summary>A <c>--precision</c> choice on one CPU, and the precision every architecture trains in there.</summary>
public sealed record PrecisionPolicy(string Choice, CpuFeatures Cpu)
{
    /// <summary>Float32 for every architecture, whatever the CPU.</summary>
    public static PrecisionPolicy AlwaysFp32 { get; } = new(PrecisionChoice.Fp32, new CpuFeatures([]));

    public TrainingPrecision Resolved => PrecisionChoice.Resolve(Choice, Cpu);

    /// <summary>Resolves the choice now, so a choice this CPU cannot honour fails before any training starts.</summary>
    public PrecisionPolicy Validated()
    {
        _ = Resolved;
        return this;
    }
}
