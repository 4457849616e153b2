namespace MnistBlazor.Training.Precision;

/// <summary>The instruction-set flags the kernel reports for this CPU (the "flags" line of /proc/cpuinfo).</summary>
public sealed class CpuFeatures(IEnumerable<string> flags)
{
    public const string Avx512Bf16 = "avx512_bf16";
    public const string AmxBf16 = "amx_bf16";

    private readonly HashSet<string> flags = new(flags, StringComparer.Ordinal);

    /// <summary>This machine's flags, read once; none where /proc/cpuinfo does not exist.</summary>
    public static CpuFeatures Current { get; } = ReadCurrent();

    public bool Has(string flag) => flags.Contains(flag);

    /// <summary>Native bfloat16 arithmetic (AVX-512 BF16 dot products or AMX tiles); without it bf16 is emulated and slow.</summary>
    public bool SupportsBf16 => Has(Avx512Bf16) || Has(AmxBf16);

    /// <summary>The bf16 units present, in words: "avx512_bf16, amx_bf16", or "none".</summary>
    public string Bf16Units => string.Join(", ", new[] { Avx512Bf16, AmxBf16 }.Where(Has).DefaultIfEmpty("none"));

    /// <summary>The flags of the first "flags" line of a /proc/cpuinfo text (every core reports the same set).</summary>
    public static CpuFeatures FromCpuInfo(string cpuInfo)
    {
        var line = cpuInfo.Split('\n').FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal) && l.Contains(':'));
        return new CpuFeatures(line is null ? [] : line[(line.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private static CpuFeatures ReadCurrent() =>
        File.Exists(MachineInfo.CpuInfoPath) ? FromCpuInfo(File.ReadAllText(MachineInfo.CpuInfoPath)) : new CpuFeatures([]);
}
