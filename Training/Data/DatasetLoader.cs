using MnistBlazor.Shared.Data;
using MnistBlazor.Training.Evaluation;
using MnistBlazor.Training.Loop;

namespace MnistBlazor.Training.Data;

/// <summary>Loads the labelled images a command needs, turning missing files into advice.</summary>
public static class DatasetLoader
{
    public static string GetDataHint { get; } = $"Get the MNIST files with: {MnistDownloader.Command}";
    public const string MnistTestName = "mnist-test";

    public static (LabeledImages Images, DataProvenance Provenance) LoadTraining(DataSourceKind source, string dataDirectory, string? kaggleTrainPath)
    {
        if (source == DataSourceKind.Kaggle)
        {
            if (kaggleTrainPath is null)
            {
                throw new UsageException("--data-source kaggle needs --kaggle-train <path to Kaggle's train.csv>.");
            }

            var images = KaggleCsv.ReadTrain(kaggleTrainPath);
            return (images, new DataProvenance($"kaggle:{Path.GetFileName(kaggleTrainPath)}", MnistDataset.Sha256Of(kaggleTrainPath)));
        }

        var train = LoadMnist(dataDirectory, MnistSplit.Train);
        return (train, new DataProvenance(MnistDataset.SourceName, MnistDataset.Sha256Of(MnistDataset.PathOf(dataDirectory, MnistDataset.TrainImages))));
    }

    public static LabeledSet LoadMnistTest(string dataDirectory) => new(MnistTestName, LoadMnist(dataDirectory, MnistSplit.Test));

    public static LabeledImages LoadMnist(string dataDirectory, MnistSplit split)
    {
        var mnistDirectory = MnistDataset.FolderOf(dataDirectory);
        if (!Directory.Exists(mnistDirectory))
        {
            throw new UsageException($"No MNIST data in {Path.GetFullPath(mnistDirectory)}. {GetDataHint}");
        }

        // A missing or malformed file is a DataFileException naming the file (and how to get MNIST).
        return MnistDataset.Load(dataDirectory, split);
    }
}
