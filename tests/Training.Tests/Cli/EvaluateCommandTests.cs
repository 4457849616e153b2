using MnistBlazor.Shared.Models;
using MnistBlazor.Training.Cli;

namespace MnistBlazor.Training.Tests.Cli;

public sealed class EvaluateCommandTests
{
    private static readonly ModelFiles Nn = new("models", ModelCatalog.Nn.Id);
    private static readonly ModelFiles Ensemble = new("models", ModelCatalog.EnsembleId);

    [Fact]
    public void On_the_MNIST_test_set_a_model_writes_its_metrics_json_but_the_ensemble_leaves_it_to_the_web_app()
    {
        Assert.Equal(Nn.Metrics, EvaluateCommand.MetricsPath(Nn, null, onDrawings: false, onPenDigits: false, csvPath: null));
        Assert.Null(EvaluateCommand.MetricsPath(Ensemble, null, onDrawings: false, onPenDigits: false, csvPath: null));
    }

    [Fact]
    public void The_ensemble_writes_its_metrics_on_other_sets_and_wherever_output_says()
    {
        Assert.Equal("mine.json", EvaluateCommand.MetricsPath(Ensemble, "mine.json", onDrawings: false, onPenDigits: false, csvPath: null));
        Assert.Equal(Ensemble.MetricsOn("my-drawings"), EvaluateCommand.MetricsPath(Ensemble, null, onDrawings: true, onPenDigits: false, csvPath: null));
        Assert.Equal(Ensemble.MetricsOn("pen-digits"), EvaluateCommand.MetricsPath(Ensemble, null, onDrawings: false, onPenDigits: true, csvPath: null));
        Assert.Equal(Ensemble.MetricsOn("train"), EvaluateCommand.MetricsPath(Ensemble, null, onDrawings: false, onPenDigits: false, csvPath: "data/train.csv"));
    }
}
