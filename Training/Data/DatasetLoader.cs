using System.Security.Cryptography;
using MnistBlazor.Shared.Data;
using MnistBlazor.Training.Evaluation;
using MnistBlazor.Training.Loop;

namespace MnistBlazor.Training.Data;

/// <summary>Loads the labelled images a command needs, turning missing files into advice.</summary>
public static class DatasetLoader
{
    public const string GetDataHint = "Get the MNIST files with: dotnet run --project Training -- data";
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
            return (images, new DataProvenance($"kaggle:{Path.GetFileName(kaggleTrainPath)}", FileChecksum(kaggleTrainPath)));
        }

        var train = LoadMnist(dataDirectory, MnistSplit.Train);
        var imagesFile = Path.Combine(dataDirectory, "mnist", "train-images-idx3-ubyte");
        var checksum = File.Exists(imagesFile) ? FileChecksum(imagesFile) : ContentChecksum(train);
        return (train, new DataProvenance("mnist", checksum));
    }

    public static LabeledSet LoadMnistTest(string dataDirectory) => new(MnistTestName, LoadMnist(dataDirectory, MnistSplit.Test));

    public static LabeledImages LoadMnist(string dataDirectory, MnistSplit split)
    {
        var mnistDirectory = Path.Combine(dataDirectory, "mnist");
        if (!Directory.Exists(mnistDirectory))
        {
            throw new UsageException($"No MNIST data in {Path.GetFullPath(mnistDirectory)}. {GetDataHint}");
        }

        try
        {
            return MnistDataset.Load(dataDirectory, split);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UsageException($"MNIST {split.ToString().ToLowerInvariant()} files are missing in {Path.GetFullPath(mnistDirectory)} ({e.Message}). {GetDataHint}");
        }
    }

    private static string FileChecksum(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static string ContentChecksum(LabeledImages images)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(images.Pixels);
        if (images.Labels is { } labels)
        {
            hash.AppendData(labels);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
