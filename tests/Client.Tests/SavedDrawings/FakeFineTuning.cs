using MnistBlazor.Client.AutoTraining;
using MnistBlazor.Client.SavedDrawings;

namespace MnistBlazor.Client.Tests.SavedDrawings;

/// <summary>The server's trainer as the fine-tune panel sees it: its status, progress and outcomes set by the test.</summary>
public sealed class FakeFineTuning : IFineTuning, IAutoTrainingStatus
{
    private FineTuneProgress? running;

    public AutoTrainingStatus Current { get; set; } = AutoTrainingStatus.Idle;

    public List<string> Trained { get; } = ["nn", "simple-cnn", "cnn-proj", "cnn-quad"];

    public List<FineTuneOutcome> Outcomes { get; } = [];

    /// <summary>Where the running fine-tune is; setting it while one runs raises <see cref="ProgressChanged"/>, as the server's trainer does.</summary>
    public FineTuneProgress? Running
    {
        get => running;
        set
        {
            running = value;
            if (Progress() is { } now)
            {
                ProgressChanged?.Invoke(now);
            }
        }
    }

    public Exception? Refusal { get; set; }

    public int Starts { get; private set; }

    public int Stops { get; private set; }

    public event Action? Changed;

    public event Action<FineTuneProgress>? ProgressChanged;

    public IReadOnlyList<string> TrainedModels() => [.. Trained];

    public void Start()
    {
        if (Refusal is not null)
        {
            throw Refusal;
        }

        Starts++;
        Current = new AutoTrainingStatus(AutoTrainingState.Running, [.. Trained], "/m/finetune.log", null, StartedAt: DateTimeOffset.UtcNow, Kind: TrainingRunKind.FineTune);
        Running = new FineTuneProgress(Trained[0], 0, Trained.Count, FineTunePhase.Measuring);
        Changed?.Invoke();
    }

    public void Stop()
    {
        Stops++;
        Current = Current with { State = AutoTrainingState.Stopped };
        Running = null;
        Changed?.Invoke();
    }

    public FineTuneProgress? Progress() => Current.State == AutoTrainingState.Running && Current.Kind == TrainingRunKind.FineTune ? Running : null;

    public IReadOnlyList<FineTuneOutcome> LatestOutcomes() => [.. Outcomes];

    public void Finish(AutoTrainingState state, string? message = null)
    {
        Current = Current with { State = state, Message = message };
        Running = null;
        Changed?.Invoke();
    }
}
