using System.Runtime.InteropServices;

namespace MnistBlazor.Training;

/// <summary>A one-line description of the machine, recorded beside measurements.</summary>
public static class MachineInfo
{
    /// <summary>The kernel's description of the CPU (model name, flags), where there is one.</summary>
    public const string CpuInfoPath = "/proc/cpuinfo";

    public static string Describe()
    {
        var cpu = CpuModel();
        return $"{(cpu is null ? "" : cpu + ", ")}{Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    private static string? CpuModel()
    {
        if (!File.Exists(CpuInfoPath))
        {
            return null;
        }

        var line = File.ReadLines(CpuInfoPath).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line?[(line.IndexOf(':') + 1)..].Trim();
    }
}
