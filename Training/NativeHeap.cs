using System.Runtime.InteropServices;

namespace MnistBlazor.Training;

/// <summary>
/// Keeps the memory libtorch frees inside the process instead of handing it back to the kernel after every
/// step. With glibc's defaults each training step's activations are returned (heap trimmed, large blocks
/// unmapped) and the next step faults the same pages in again, zeroed: tens of thousands of page faults a
/// second. Keeping up to 1 GB free, growing the heap 256 MB at a time and serving blocks under 32 MB from the
/// heap made training 1.2-1.8x and batched inference about 3x as fast on a 2-core machine
/// (docs/benchmarks/training-precision.md). Anyone who set glibc's own MALLOC_* variables keeps theirs.
/// </summary>
public static partial class NativeHeap
{
    public const int KeepFreeBytes = 1 << 30;
    public const int GrowthBytes = 256 << 20;
    public const int LargestHeapBlockBytes = 32 << 20;

    public static readonly string[] UserVariables = ["MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_", "MALLOC_MMAP_THRESHOLD_"];

    // mallopt parameter numbers from glibc's malloc.h.
    private const int TrimThreshold = -1;
    private const int TopPad = -2;
    private const int MmapThreshold = -3;

    /// <summary>True when glibc took the settings; false elsewhere (another C library or OS) or when the user set their own.</summary>
    public static bool KeepFreedMemory(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (!OperatingSystem.IsLinux() || UserVariables.Any(name => !string.IsNullOrEmpty(environment(name))))
        {
            return false;
        }

        try
        {
            return SetOption(TrimThreshold, KeepFreeBytes) == 1
                & SetOption(TopPad, GrowthBytes) == 1
                & SetOption(MmapThreshold, LargestHeapBlockBytes) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // not glibc: its own defaults stay
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int SetOption(int parameter, int value);
}
