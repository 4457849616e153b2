using System.Runtime.CompilerServices;

// Torch's default random generator is process-wide: tests that seed it (initialisation, augmentation,
// exact resume) would see each other's draws if they ran in parallel.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace MnistBlazor.Training.Tests;

internal static class TestAssembly
{
    /// <summary>As the Training CLI does first thing: other test projects run beside this one.</summary>
#pragma warning disable CA2255 // a test assembly is the place for this module initializer
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void BrieflySpinningOpenMpThreads() => OpenMpWaiting.SpinBriefly();
}
