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

    [Fact]
    public void The_brief_spin_count_reaches_the_native_environment_that_openmp_reads()
    {
        Assert.Equal(OpenMpWaiting.BriefSpinCount, NativeValue(OpenMpWaiting.SpinCountVariable));
    }

    [Theory]
    [InlineData(OpenMpWaiting.SpinCountVariable, "200000")]
    [InlineData(OpenMpWaiting.WaitPolicyVariable, "ACTIVE")]
    public void A_choice_the_user_made_is_kept(string variable, string value)
    {
        var spinCountBefore = Environment.GetEnvironmentVariable(OpenMpWaiting.SpinCountVariable);
        var nativeSpinCountBefore = NativeValue(OpenMpWaiting.SpinCountVariable);
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

            Assert.Equal(nativeSpinCountBefore, NativeValue(OpenMpWaiting.SpinCountVariable));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, before);
            Environment.SetEnvironmentVariable(OpenMpWaiting.SpinCountVariable, spinCountBefore);
        }
    }

    /// <summary>
    /// The value the C library sees: on Linux and macOS getenv's environment, which .NET's own does not change;
    /// on Windows .NET's environment is the process's native one.
    /// </summary>
    private static string? NativeValue(string variable) => OperatingSystem.IsWindows()
        ? Environment.GetEnvironmentVariable(variable)
        : Marshal.PtrToStringUTF8(GetNativeEnvironmentVariable(variable));

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetNativeEnvironmentVariable(string name);
}
