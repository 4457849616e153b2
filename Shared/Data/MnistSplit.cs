namespace MnistBlazor.Shared.Data;

/// <summary>The official MNIST split: 60,000 training and 10,000 test images.</summary>
public enum MnistSplit
{
    Train,
    Test,
}
