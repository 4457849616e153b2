using MnistBlazor.Client.Insights;
using MnistBlazor.Server.Inference;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.PenDigits;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Server.Insights;

/// <summary>
/// Measures, in the background, what the comparison page shows beyond the training records: each model's median
/// single-image latency in this server (<see cref="ModelLatencyProbe"/>), every model and the ensemble on the real pen
/// digits as written and written other ways (<see cref="PenDigitMeasurement"/>), and the soft-vote ensemble on the
/// MNIST test set (<see cref="EnsembleTestEvaluator"/>); one run of them at a time. Every model run waits for a core as
/// background work (<see cref="BackgroundModelRuns"/>), so classifications people are waiting for go first. While a
/// training writes into the models directory (the server's own or a terminal's: it holds <see cref="TrainingLock"/>),
/// nothing stale is measured (<see cref="EvaluationState.Waiting"/>): the training's threads wait for each other, so
/// one core taken from them for a minute stalls it for about that minute, and latency measured beside it would be the
/// training's, not the model's. Whatever waited is measured when the training ends.
/// </summary>
public sealed class ModelComparisonService : IModelComparison
{
    private readonly ModelRegistry registry;
    private readonly IPenDigits penDigits;
    private readonly ILogger<ModelComparisonService> logger;
    private readonly ModelLatencyProbe latency;
    private readonly PenDigitScoreBook penScores;
    private readonly EnsembleTestEvaluator ensemble;
    private readonly PenDigitMeasurement pen;
    private readonly BackgroundModelRuns runs;
    private readonly Lock gate = new();
    private EnsembleEvaluation evaluation = EnsembleEvaluation.Idle;
    private EnsembleEvaluation penEvaluation = EnsembleEvaluation.Idle;
    private EnsembleEvaluation variationsEvaluation = EnsembleEvaluation.Idle;
    private Task? running;
    private Task? afterTraining;

    public ModelComparisonService(
        ModelRegistry registry, IMnistTestSet testSet, IPenDigits penDigits, ILogger<ModelComparisonService> logger, InferenceCores? cores = null)
    {
        cores ??= new InferenceCores();
        this.registry = registry;
        this.penDigits = penDigits;
        this.logger = logger;
        runs = new BackgroundModelRuns(registry, cores, WaitsForTraining);
        latency = new ModelLatencyProbe(registry, testSet, cores);
        penScores = new PenDigitScoreBook(registry.ModelsDirectory, logger);
        ensemble = new EnsembleTestEvaluator(runs, testSet, logger, next => Set(ref evaluation, next));
        pen = new PenDigitMeasurement(runs, penScores, logger, next => Set(ref penEvaluation, next), next => Set(ref variationsEvaluation, next), Raise);
    }

    /// <summary>How often measurements that wait for a training look whether it has ended.</summary>
    public TimeSpan TrainingPollInterval { get; init; } = TimeSpan.FromSeconds(5);

    public event Action? Changed;

    public IReadOnlyDictionary<string, TimeSpan> MedianLatency => latency.MedianLatency;

    public EnsembleEvaluation EnsembleEvaluation => Get(ref evaluation);

    /// <summary>The scores on the pen digits the pages show now: none while a replaced file's digits are not measured yet.</summary>
    public IReadOnlyDictionary<string, TestMetrics> PenDigitMetrics => penScores.MetricsOn(penDigits.Current.Images);

    public EnsembleEvaluation PenDigitsEvaluation => Get(ref penEvaluation);

    public IReadOnlyDictionary<string, IReadOnlyList<VariationAccuracy>> PenDigitVariations => penScores.VariationsOn(penDigits.Current.Images);

    public EnsembleEvaluation PenDigitVariationsEvaluation => Get(ref variationsEvaluation);

    public void EnsureMeasured()
    {
        lock (gate)
        {
            if (running is { IsCompleted: false })
            {
                return;
            }

            running = Task.Run(MeasureAsync);
        }
    }

    /// <summary>Measures whatever is stale and waits for it (tests, benchmarks).</summary>
    public Task MeasureNowAsync()
    {
        EnsureMeasured();
        lock (gate)
        {
            return running ?? Task.CompletedTask;
        }
    }

    /// <summary>The short measurements first (latency, then the pen digits, often taken up from the file), the ensemble's 10,000 MNIST images last.</summary>
    private async Task MeasureAsync()
    {
        try
        {
            if (!WaitsForTraining())
            {
                await latency.MeasureAsync();
                Raise();
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogError(e, "Measuring the models' latency failed"); // the table shows no latency; the rest goes on
        }

        await MeasurePenDigitsAsync();
        try
        {
            await ensemble.EvaluateAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogError(e, "Evaluating the ensemble failed");
            Set(ref evaluation, new EnsembleEvaluation(EvaluationState.Failed, 0, $"The evaluation failed: {runs.ForPages(e)}"));
        }

        // A pen-digit file replaced while the ensemble was evaluated: its digits are measured before the run ends.
        if ((await penDigits.LoadedAsync()).Images is { } images && !penScores.IsOn(images))
        {
            await MeasurePenDigitsAsync();
        }
    }

    private async Task MeasurePenDigitsAsync()
    {
        try
        {
            await pen.MeasureAsync(await penDigits.LoadedAsync());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogError(e, "Measuring the models on the pen digits failed");
            Set(ref penEvaluation, new EnsembleEvaluation(EvaluationState.Failed, 0, $"The measurement on the pen digits failed: {runs.ForPages(e)}"));
        }
    }

    /// <summary>
    /// Whether a training is writing into the models directory now, so that what is stale waits for its end; one
    /// watcher then looks every <see cref="TrainingPollInterval"/> and measures again when the training has ended.
    /// </summary>
    private bool WaitsForTraining()
    {
        if (!TrainingLock.IsHeld(registry.ModelsDirectory))
        {
            return false;
        }

        lock (gate)
        {
            afterTraining ??= Task.Run(MeasureWhenTrainingEndsAsync);
        }

        return true;
    }

    private async Task MeasureWhenTrainingEndsAsync()
    {
        while (TrainingLock.IsHeld(registry.ModelsDirectory))
        {
            await Task.Delay(TrainingPollInterval);
        }

        Task? current;
        lock (gate)
        {
            afterTraining = null;
            current = running;
        }

        if (current is not null)
        {
            await current; // the run that waited; it reports its own failures
        }

        EnsureMeasured();
    }

    private EnsembleEvaluation Get(ref EnsembleEvaluation field)
    {
        lock (gate)
        {
            return field;
        }
    }

    private void Set(ref EnsembleEvaluation field, EnsembleEvaluation next)
    {
        lock (gate)
        {
            field = next;
        }

        Raise();
    }

    private void Raise() => Changed?.Invoke();
}
