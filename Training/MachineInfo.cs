using System.Runtime.InteropServices;

namespace MnistBlazor.Training;

/// <summary>A one-line description of the machine, recorded beside measurements.</summary>
public static class MachineInfo
{
    public static string Describe()
    {
        var cpu = CpuModel();
        return $"{(cpu is null ? "" : cpu + ", ")}{Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    private static string? CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (!File.Exists(cpuInfo))
        {
            return null;
        }

        var line = File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line?[(line.IndexOf(':') + 1)..].Trim();
    }
}
