using System.Runtime.InteropServices;

namespace MnistBlazor.Training.Tests;

public sealed partial class OpenMpWaitingTests
{
    [Fact]
    public void The_brief_spin_count_is_set_before_the_first_torch_call()
    {
        // Set by the module initializer, before the first torch call of this test process.
        Assert.Equal(OpenMpWaiting.BriefSpinCount, Environment.GetEnvironmentVariable(OpenMpWaiting.SpinCountVariable));
    }

    /// <summary>
    /// setenv and libgomp's reading of the native environment exist only on Linux and macOS, so on Windows this is
    /// reported as skipped, with that reason, rather than passing without checking anything. The product runs on
    /// Linux (TorchSharp-cpu, Debian setup), where it always runs.
    /// </summary>
    [UnixOnlyFact]
    public void The_brief_spin_count_reaches_the_native_environment_that_libgomp_reads()
    {
        Assert.Equal(OpenMpWaiting.BriefSpinCount, NativeValue(OpenMpWaiting.SpinCountVariable));
    }

    [Theory]
    [InlineData(OpenMpWaiting.SpinCountVariable, "200000")]
    [InlineData(OpenMpWaiting.WaitPolicyVariable, "ACTIVE")]
    public void A_choice_the_user_made_is_kept(string variable, string value)
    {
        var spinCountBefore = Environment.GetEnvironmentVariable(OpenMpWaiting.SpinCountVariable);
        var nativeSpinCountBefore = OperatingSystem.IsWindows() ? null : NativeValue(OpenMpWaiting.SpinCountVariable);
        var before = Environment.GetEnvironmentVariable(variable);
        Environment.SetEnvironmentVariable(OpenMpWaiting.SpinCountVariable, null);
        Environment.SetEnvironmentVariable(variable, value);
        try
        {
            OpenMpWaiting.SpinBriefly();

            Assert.Equal(value, Environment.GetEnvironmentVariable(variable));
            if (variable == OpenMpWaiting.WaitPolicyVariable)
            {
                Assert.Null(Environment.GetEnvironmentVariable(OpenMpWaiting.SpinCountVariable));
            }

            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(nativeSpinCountBefore, NativeValue(OpenMpWaiting.SpinCountVariable));
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, before);
            Environment.SetEnvironmentVariable(OpenMpWaiting.SpinCountVariable, spinCountBefore);
        }
    }

    private static string? NativeValue(string variable) => Marshal.PtrToStringUTF8(GetNativeEnvironmentVariable(variable));

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetNativeEnvironmentVariable(string name);

    /// <summary>
    /// Runs everywhere but Windows, which has no setenv and no native environment libgomp would read; CI and the
    /// product run on Linux, where the test always runs and asserts the native value.
    /// </summary>
    private sealed class UnixOnlyFactAttribute : FactAttribute
    {
        public UnixOnlyFactAttribute()
        {
            if (OperatingSystem.IsWindows())
            {
                Skip = "setenv and libgomp's native environment exist only on Linux and macOS";
            }
        }
    }
}
