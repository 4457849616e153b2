using MnistBlazor.Shared;
using MnistBlazor.Shared.Data;

namespace MnistBlazor.Training.Tests.Support;

/// <summary>The real MNIST files of the repository's data directory, loaded once per test run.</summary>
public static class TestData
{
    private static readonly Lazy<LabeledImages> TrainSet = new(() => MnistDataset.Load(DataDirectory, MnistSplit.Train));
    private static readonly Lazy<LabeledImages> TestSet = new(() => MnistDataset.Load(DataDirectory, MnistSplit.Test));

    public static string DataDirectory => ProjectPaths.DefaultDataDirectory;

    public static LabeledImages Train => TrainSet.Value;

    public static LabeledImages Test => TestSet.Value;
}
