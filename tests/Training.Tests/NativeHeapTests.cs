namespace MnistBlazor.Training.Tests;

public sealed class NativeHeapTests
{
    [Fact]
    public void On_linux_glibc_takes_the_settings()
    {
        Assert.Equal(OperatingSystem.IsLinux(), NativeHeap.KeepFreedMemory(_ => null));
    }

    [Theory]
    [InlineData("MALLOC_TRIM_THRESHOLD_")]
    [InlineData("MALLOC_TOP_PAD_")]
    [InlineData("MALLOC_MMAP_THRESHOLD_")]
    public void A_user_who_set_a_glibc_malloc_variable_keeps_their_settings(string variable)
    {
        Assert.False(NativeHeap.KeepFreedMemory(name => name == variable ? "65536" : null));
    }
}
