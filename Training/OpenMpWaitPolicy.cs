using System.Runtime.InteropServices;

namespace MnistBlazor.Training;

/// <summary>
/// Lets libtorch's OpenMP threads sleep, instead of spin-wait, between parallel regions, unless the user
/// has chosen <c>OMP_WAIT_POLICY</c>. Spinning threads stall whenever another process takes one of the
/// cores (the web server, a build, tests): measured on 2 cores with one core busy elsewhere, the simple
/// CNN trained at 95 img/s spinning and 344 img/s sleeping (docs/training-results.md).
/// </summary>
public static partial class OpenMpWaitPolicy
{
    public const string VariableName = "OMP_WAIT_POLICY";
    public const string Passive = "PASSIVE";

    /// <summary>
    /// Must run before the first torch call: libgomp reads the variable once, when libtorch is loaded,
    /// and from the native environment, which <see cref="Environment.SetEnvironmentVariable(string, string)"/>
    /// does not change on Linux and macOS.
    /// </summary>
    public static void PreferPassive()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(VariableName)))
        {
            return;
        }

        Environment.SetEnvironmentVariable(VariableName, Passive);
        if (!OperatingSystem.IsWindows())
        {
            try
            {
                _ = SetNativeEnvironmentVariable(VariableName, Passive, overwrite: 1);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // No C library to reach: torch keeps OpenMP's default policy.
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetNativeEnvironmentVariable(string name, string value, int overwrite);
}
