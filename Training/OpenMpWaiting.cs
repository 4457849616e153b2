using System.Runtime.InteropServices;

namespace MnistBlazor.Training;

/// <summary>
/// Lets libtorch's OpenMP threads spin only briefly (GOMP_SPINCOUNT 3000, libgomp's default is 300,000)
/// before they sleep while waiting for each other, unless the user has set OMP_WAIT_POLICY or
/// GOMP_SPINCOUNT. Long spinning stalls training whenever another process takes one of the two cores (the
/// web server, a build, tests); sleeping at once slows small layers on an idle machine. Measured in
/// docs/benchmarks/training-results.md.
/// </summary>
public static partial class OpenMpWaiting
{
    public const string SpinCountVariable = "GOMP_SPINCOUNT";
    public const string WaitPolicyVariable = "OMP_WAIT_POLICY";
    public const string BriefSpinCount = "3000";

    /// <summary>
    /// Must run before the first torch call: libgomp reads its variables once, when libtorch is loaded,
    /// and from the native environment, which <see cref="Environment.SetEnvironmentVariable(string, string)"/>
    /// does not change on Linux and macOS.
    /// </summary>
    public static void SpinBriefly()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(SpinCountVariable))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(WaitPolicyVariable)))
        {
            return;
        }

        Environment.SetEnvironmentVariable(SpinCountVariable, BriefSpinCount);
        if (!OperatingSystem.IsWindows())
        {
            try
            {
                _ = SetNativeEnvironmentVariable(SpinCountVariable, BriefSpinCount, overwrite: 1);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // No C library to reach: torch keeps libgomp's default spinning.
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetNativeEnvironmentVariable(string name, string value, int overwrite);
}
