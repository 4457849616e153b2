using Microsoft.Extensions.Logging.Abstractions;
using MnistBlazor.Server.Inference;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Shared.Evidence;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Server.Tests.Inference;

/// <summary>The explainer on the four real architectures (freshly initialised, exported by the Training project).</summary>
public sealed class OcclusionExplainerTests(ExportedArchitecturesTests.ExportedModels exported)
    : IClassFixture<ExportedArchitecturesTests.ExportedModels>, IDisposable
{
    private readonly ServedModels served = ServedModels.On(exported.Models.Directory, TimeSpan.FromMinutes(1));

    private OcclusionExplainer Explainer => new(served.Registry, NullLogger<OcclusionExplainer>.Instance);

    [Fact]
    public void Every_architecture_answers_in_one_batch_as_it_does_alone_and_the_ensemble_averages_the_cnns_answers()
    {
        var evidence = Explainer.Explain(exported.Image, CancellationToken.None);

        Assert.Equal([.. ModelCatalog.Ids, ModelCatalog.EnsembleId], evidence.Models.Select(m => m.ModelId));
        Assert.All(evidence.Models, m => Assert.Null(m.Reason));
        foreach (var id in ModelCatalog.Ids)
        {
            var probabilities = evidence.For(id)!.Probabilities;
            for (var digit = 0; digit < 10; digit++)
            {
                Assert.Equal(exported.TorchProbabilities[id][digit], probabilities[digit], precision: 4);
            }
        }

        // The ensemble's evidence is read from its members' averaged answers (OcclusionEvidenceTests checks its maps).
        var ensembleDigit = evidence.For(ModelCatalog.EnsembleId)!.PredictedDigit;
        var members = MnistBlazor.Shared.Inference.Ensemble.Members.Select(m => evidence.For(m.Id)!.Probabilities).ToArray();
        var ensembleProbabilities = evidence.For(ModelCatalog.EnsembleId)!.Probabilities;
        for (var digit = 0; digit < 10; digit++)
        {
            Assert.Equal(members.Average(m => m[digit]), ensembleProbabilities[digit], precision: 5);
        }

        // The image's ink is a vertical bar in columns 13 and 14: only patches holding it can have evidence.
        var map = evidence.For(ModelCatalog.CnnQuadrants.Id)!.MapFor(ensembleDigit).Values;
        Assert.All(Enumerable.Range(0, map.Count).Where(p => p % 28 is < 12 or >= 16), pixel => Assert.Equal(0f, map[pixel]));
    }

    [Fact]
    public void A_cancelled_request_stops_without_running_the_models()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => Explainer.Explain(exported.Image, cancelled.Token));
    }

    public void Dispose() => served.Dispose();
}
