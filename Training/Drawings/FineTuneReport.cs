using MnistBlazor.Shared.Records;

namespace MnistBlazor.Training.Drawings;

/// <summary>What a fine-tune did and measured, kept in its version folder as finetune.json.</summary>
public sealed record FineTuneReport : IVersionedRecord
{
    public const string FileName = "finetune.json";

    public static int CurrentSchemaVersion => 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required string ModelId { get; init; }
    public required string Version { get; init; }

    /// <summary>The version it started from ("original" or an earlier fine-tune), as active when it started.</summary>
    public required string StartedFrom { get; init; }
    public int MnistImages { get; init; }
    public int TrainingDrawings { get; init; }
    public int DrawingCopies { get; init; }
    public required IReadOnlyList<long> HeldOutDrawingIds { get; init; }
    public double MnistTestBefore { get; init; }
    public double MnistTestAfter { get; init; }
    public double HeldOutBefore { get; init; }
    public double HeldOutAfter { get; init; }
    public bool Activated { get; init; }
    public DateTimeOffset FinishedAt { get; init; }
}
