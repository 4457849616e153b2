namespace MnistBlazor.Training.Data;

public enum DataSourceKind
{
    /// <summary>The official MNIST IDX files (60k train, 10k test).</summary>
    Mnist,

    /// <summary>Kaggle Digit Recognizer's labelled train.csv.</summary>
    Kaggle,
}
