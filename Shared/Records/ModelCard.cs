using MnistBlazor.Shared.Data;

namespace MnistBlazor.Shared.Records;

/// <summary>How a model was trained: enough to repeat the run.</summary>
public sealed record TrainingRecipe(
    string Name,
    string Optimizer,
    double LearningRate,
    string Schedule,
    int BatchSize,
    int Epochs,
    bool Augment,
    double ValidationSplit,
    int Seed,
    int? TrainingImages,
    string? Augmentation = null)
{
    /// <summary>What the quick profile adds to its recipe's name: "modern (quick profile)".</summary>
    private const string QuickProfileSuffix = " (quick profile)";

    /// <summary>The name of <paramref name="recipeName"/> as the quick profile trains it.</summary>
    public static string QuickProfileNameOf(string recipeName) => recipeName + QuickProfileSuffix;

    /// <summary>Whether the quick profile trained it (briefly, on part of MNIST for the CNNs).</summary>
    public bool IsQuickProfile() => Name.EndsWith(QuickProfileSuffix, StringComparison.Ordinal);
}

/// <summary>What a trained model is and where it came from.</summary>
public sealed record ModelCard : IVersionedRecord
{
    public static int CurrentSchemaVersion => 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required string ModelId { get; init; }
    public required string DisplayName { get; init; }
    public required string Architecture { get; init; }
    public long ParameterCount { get; init; }
    public required TrainingRecipe Recipe { get; init; }

    /// <summary>e.g. "mnist" or "kaggle:train.csv".</summary>
    public required string DataSource { get; init; }

    /// <summary>SHA-256 of the training images file the model learned from.</summary>
    public required string DataChecksum { get; init; }
    public int EpochsCompleted { get; init; }
    public double TrainingSeconds { get; init; }
    public DateTimeOffset TrainedAt { get; init; }
    public string? Machine { get; init; }

    /// <summary>For a fine-tune: the card of the version it started from (itself perhaps a fine-tune); null for a training from scratch.</summary>
    public ModelCard? FineTunedFrom { get; init; }

    /// <summary>The training from scratch the model comes from through its fine-tunes (the card itself when it is one).</summary>
    public ModelCard BaseTraining() => FineTunedFrom?.BaseTraining() ?? this;

    /// <summary>How many fine-tunes lie between the training from scratch and this model.</summary>
    public int FineTuneCount() => FineTunedFrom is { } start ? 1 + start.FineTuneCount() : 0;

    /// <summary>The seconds of the training from scratch and of every fine-tune since.</summary>
    public double TotalTrainingSeconds() => TrainingSeconds + (FineTunedFrom?.TotalTrainingSeconds() ?? 0);

    /// <summary>
    /// Whether the model learned from only part of the MNIST training images (as the quick profile's CNNs do)
    /// rather than all of them but the validation share; a fine-tune answers for the training it started from.
    /// </summary>
    public bool TrainedOnPartOfMnist() =>
        FineTunedFrom is { } start
            ? start.TrainedOnPartOfMnist()
            : DataSource == MnistDataset.SourceName
              && Recipe.TrainingImages is { } images
              && images < Math.Floor(MnistDataset.TrainCount * (1 - Recipe.ValidationSplit));

    /// <summary>Whether it is a preview its run published after an early epoch, not the run's end.</summary>
    public bool IsEarlyVersion() => EpochsCompleted < Recipe.Epochs;
}
