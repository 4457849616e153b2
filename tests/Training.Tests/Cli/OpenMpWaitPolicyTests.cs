using System.Runtime.InteropServices;

namespace MnistBlazor.Training.Tests.Cli;

public sealed partial class OpenMpWaitPolicyTests
{
    [Fact]
    public void The_passive_policy_reaches_the_native_environment_that_libgomp_reads()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // setenv and libgomp are Linux and macOS matters
        }

        // Set by the module initializer, before the first torch call of this test process.
        Assert.Equal(OpenMpWaitPolicy.Passive, NativeValue());
        Assert.Equal(OpenMpWaitPolicy.Passive, Environment.GetEnvironmentVariable(OpenMpWaitPolicy.VariableName));
    }

    [Fact]
    public void A_policy_the_user_chose_is_kept()
    {
        var before = Environment.GetEnvironmentVariable(OpenMpWaitPolicy.VariableName);
        Environment.SetEnvironmentVariable(OpenMpWaitPolicy.VariableName, "ACTIVE");
        try
        {
            OpenMpWaitPolicy.PreferPassive();

            Assert.Equal("ACTIVE", Environment.GetEnvironmentVariable(OpenMpWaitPolicy.VariableName));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(before, NativeValue());
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(OpenMpWaitPolicy.VariableName, before);
        }
    }

    private static string? NativeValue() => Marshal.PtrToStringUTF8(GetNativeEnvironmentVariable(OpenMpWaitPolicy.VariableName));

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetNativeEnvironmentVariable(string name);
}
