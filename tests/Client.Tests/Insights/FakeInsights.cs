using MnistBlazor.Client.Insights;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.PenDigits;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Client.Tests.Insights;

/// <summary>Records whose content the test sets, and a way to announce changes like the server's watcher.</summary>
public sealed class FakeModelRecords : IModelRecords
{
    public IReadOnlyList<ModelRecords> Models { get; set; } = ModelCatalog.All.Select(m => Empty(m.Id, m.DisplayName)).ToArray();

    public ModelRecords Ensemble { get; set; } = Empty(ModelCatalog.EnsembleId, ModelCatalog.EnsembleDisplayName);

    public event Action? Changed;

    public void Update(string modelId, Func<ModelRecords, ModelRecords> change)
    {
        if (modelId == ModelCatalog.EnsembleId)
        {
            Ensemble = change(Ensemble);
            return;
        }

        Models = Models.Select(m => m.ModelId == modelId ? change(m) : m).ToArray();
    }

    public void RaiseChanged() => Changed?.Invoke();

    public static ModelRecords Empty(string id, string name) =>
        new(id, name, RecordState<TrainingHistory>.Missing, RecordState<TestMetrics>.Missing, RecordState<ModelCard>.Missing, null);
}

public sealed class FakeModelComparison : IModelComparison
{
    public IReadOnlyDictionary<string, TimeSpan> MedianLatency { get; set; } = new Dictionary<string, TimeSpan>();

    public EnsembleEvaluation EnsembleEvaluation { get; set; } = EnsembleEvaluation.Idle;

    public IReadOnlyDictionary<string, TestMetrics> PenDigitMetrics { get; set; } = new Dictionary<string, TestMetrics>();

    public EnsembleEvaluation PenDigitsEvaluation { get; set; } = EnsembleEvaluation.Idle;

    public IReadOnlyDictionary<string, IReadOnlyList<VariationAccuracy>> PenDigitVariations { get; set; } =
        new Dictionary<string, IReadOnlyList<VariationAccuracy>>();

    public EnsembleEvaluation PenDigitVariationsEvaluation { get; set; } = EnsembleEvaluation.Idle;

    public int MeasureRequests { get; private set; }

    public event Action? Changed;

    public void EnsureMeasured() => MeasureRequests++;

    public void RaiseChanged() => Changed?.Invoke();
}

public sealed class FakeTestSet(LabeledImages? images, string? problem = null) : IMnistTestSet
{
    public LabeledImages? Images { get; } = images;

    public string? UnavailableReason { get; } = problem;
}

/// <summary>Pen digits whose state the test sets: loading, ready with <see cref="SamplePenDigits"/>, or unavailable.</summary>
public sealed class FakePenDigits(PenDigitsSnapshot current) : IPenDigits
{
    public PenDigitsSnapshot Current { get; set; } = current;

    public event Action? Changed;

    public Task<PenDigitsSnapshot> LoadedAsync() => Task.FromResult(Current);

    public void Finish(PenDigitsSnapshot loaded)
    {
        Current = loaded;
        Changed?.Invoke();
    }

    public static FakePenDigits Ready() => new(SamplePenDigits.Snapshot());

    public static FakePenDigits Missing() =>
        new(PenDigitsSnapshot.Unavailable("pen-digits.tes", $"There is no pen-digits.tes. {MnistBlazor.Shared.PenDigits.PenDigitSet.HowToGet}"));
}
