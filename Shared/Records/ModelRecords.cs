
namespace MnistBlazor.Shared.Records;

/// <summary>Everything training wrote about one model (or the ensemble), as last read from its folder.</summary>
/// <param name="ModelId">Catalogue id, or <c>ModelCatalog.EnsembleId</c>.</param>
/// <param name="DisplayName">Name shown to people.</param>
/// <param name="History">history.json: the learning curves and the state of a run.</param>
/// <param name="Metrics">metrics.json: accuracy, confusion and misclassified test images.</param>
/// <param name="Card">card.json: parameters, recipe, training time.</param>
/// <param name="OnnxBytes">Size of model.onnx, or null when there is none.</param>
public sealed record ModelRecords(
    string ModelId,
    string DisplayName,
    RecordState<TrainingHistory> History,
    RecordState<TestMetrics> Metrics,
    RecordState<ModelCard> Card,
    long? OnnxBytes);
