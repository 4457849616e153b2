using MnistBlazor.Shared.Records;

namespace MnistBlazor.Client.Insights;

/// <summary>
/// The records of every model, kept current while training rewrites them. Implemented by the
/// server (a watcher of the models directory).
/// </summary>
public interface IModelRecords
{
    /// <summary>The four catalogue models, in catalogue order.</summary>
    IReadOnlyList<ModelRecords> Models { get; }

    /// <summary>The soft-vote ensemble: only its metrics (computed from its members) are ever present.</summary>
    ModelRecords Ensemble { get; }

    /// <summary>Raised (on any thread) after any record file changed.</summary>
    event Action? Changed;
}
