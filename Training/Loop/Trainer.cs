using System.Diagnostics;
using MnistBlazor.Shared.Records;
using MnistBlazor.Training.Checkpoints;
using MnistBlazor.Training.Data;
using MnistBlazor.Training.Evaluation;
using MnistBlazor.Training.Models;
using MnistBlazor.Training.Optimization;
using MnistBlazor.Training.Precision;
using MnistBlazor.Training.Progress;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace MnistBlazor.Training.Loop;

/// <summary>
/// The training loop: shuffled batches (optionally augmented), one scheduled optimizer step per batch,
/// validation after every epoch, the history rewritten as it goes and a checkpoint after every epoch
/// and when cancelled (then the run stops cleanly and <c>--resume</c> continues it exactly). After augmented
/// training the BatchNorm statistics are settled on unaugmented images (<see cref="BatchNormSettling"/>).
/// With <see cref="TrainingJob.PreviewAfterEpoch"/> the model after that epoch goes to <paramref name="preview"/>, which
/// must not keep it: training continues with the same module.
/// </summary>
public sealed class Trainer(
    TrainingJob job, ITrainingProgress progress, Func<DateTimeOffset>? clock = null, Action<TrainingOutcome>? preview = null)
{
    private readonly Func<DateTimeOffset> now = clock ?? (() => DateTimeOffset.UtcNow);
    private TrainingHistory? lastWritten;

    /// <summary>Trains (or resumes) the job's model; an error marks the history as failed, with its message.</summary>
    public TrainingOutcome Run(CancellationToken cancellationToken)
    {
        manual_seed(job.Seed);
        var model = ModelFactory.Create(job.Model.Id);
        try
        {
            if (job.InitialWeights is { } initialWeights)
            {
                model.load(initialWeights);
            }

            model.to(job.Device);
            return Train(model, cancellationToken);
        }
        catch (Exception e)
        {
            model.Dispose();
            if (lastWritten is not null)
            {
                WriteHistory(lastWritten with { Status = RunStatus.Failed, Progress = null, Message = e.Message, UpdatedAt = now() });
            }

            throw;
        }
    }

    private TrainingOutcome Train(nn.Module<Tensor, Tensor> model, CancellationToken cancellationToken)
    {
        var recipe = job.Recipe;
        var modelId = job.Model.Id;

        using var images = ImageTensors.Images(job.Data.Training);
        using var labels = ImageTensors.Labels(job.Data.Training);
        using var validationImages = job.Data.Validation is { } v ? ImageTensors.Images(v) : null;
        using var validationLabels = job.Data.Validation is { } w ? ImageTensors.Labels(w) : null;

        var imageCount = job.Data.Training.Count;
        var batchCount = BatchOrder.BatchCount(imageCount, recipe.BatchSize);
        var schedule = ScheduleFactory.Create(recipe.Schedule, recipe.LearningRate, (long)batchCount * recipe.Epochs);
        using var optimizer = new ScheduledOptimizer(
            OptimizerFactory.Create(recipe.Optimizer, model.parameters(), recipe.LearningRate, recipe.WeightDecay), schedule);

        var state = StartOrResume(model, optimizer);
        using var pass = new TrainingPass(model, job.Precision, job.Device);
        var augmentation = recipe.CreateAugmentation();
        var history = state.History with { Status = RunStatus.Running, TotalEpochs = recipe.Epochs, UpdatedAt = now() };
        WriteHistory(history);
        var runClock = Stopwatch.StartNew();
        var sinceProgressWrite = Stopwatch.StartNew();
        var stepsPerEpoch = StepRecord.PerEpoch(recipe.Epochs);
        double LastBatchLearningRate() => schedule.LearningRateAt(Math.Max(0, optimizer.CompletedSteps - 1));

        for (var epoch = state.CompletedEpochs + 1; epoch <= recipe.Epochs; epoch++)
        {
            var order = BatchOrder.ForEpoch(imageCount, job.Seed, epoch);
            var tally = epoch == state.CompletedEpochs + 1 ? state.EpochInProgress : EpochTally.Empty;
            var firstBatch = epoch == state.CompletedEpochs + 1 ? state.BatchesDoneInEpoch : 0;
            progress.EpochStarted(modelId, epoch, recipe.Epochs, imageCount, tally.Seen);
            model.train();
            var stretch = EpochTally.Empty;

            for (var batch = firstBatch; batch < batchCount; batch++)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    var stoppedHistory = history with
                    {
                        Status = RunStatus.Stopped,
                        Message = $"Stopped during epoch {epoch} after {tally.Seen} images; continue with --resume.",
                        UpdatedAt = now(),
                    };
                    SaveCheckpoint(model, optimizer, epoch - 1, batch, tally, stoppedHistory);
                    WriteHistory(stoppedHistory);
                    progress.Message($"[{modelId}] stopped: checkpoint saved to {job.Files.Checkpoint}; continue with --resume.");
                    return new TrainingOutcome(RunStatus.Stopped, model, stoppedHistory, runClock.Elapsed.TotalSeconds);
                }

                var batchClock = Stopwatch.StartNew();
                var (loss, correct, count) = TrainBatch(pass, optimizer, images, labels, order, batch, augmentation);
                tally = tally.Add(loss, correct, count, batchClock.Elapsed.TotalSeconds);
                stretch = stretch.Add(loss, correct, count, 0);
                if (stepsPerEpoch > 0 && EndsStretch(batch, batchCount, stepsPerEpoch))
                {
                    history = history with
                    {
                        Steps = [.. history.Steps, new StepRecord(epoch - 1 + (batch + 1.0) / batchCount, stretch.MeanLoss, stretch.Accuracy, LastBatchLearningRate())],
                    };
                    stretch = EpochTally.Empty;
                }

                var batchProgress = new BatchProgress(
                    modelId, epoch, recipe.Epochs, tally.Seen, imageCount, tally.MeanLoss, tally.Accuracy, tally.ImagesPerSecond,
                    EtaSeconds(tally, imageCount, epoch, recipe.Epochs));
                if (sinceProgressWrite.Elapsed.TotalSeconds >= job.ProgressWriteIntervalSeconds)
                {
                    history = history with { Progress = ToRunProgress(batchProgress), UpdatedAt = now() };
                    WriteHistory(history);
                    sinceProgressWrite.Restart();
                }

                progress.BatchCompleted(batchProgress);
            }

            var (validationLoss, validationAccuracy) = validationImages is not null
                ? Predictor.LossAndAccuracy(model, validationImages, validationLabels!, job.Device)
                : ((double?)null, (double?)null);
            var record = new EpochRecord(
                epoch, tally.MeanLoss, tally.Accuracy, validationLoss, validationAccuracy, LastBatchLearningRate(), tally.Seconds, tally.ImagesPerSecond);
            history = history.WithEpoch(record, now());
            SaveCheckpoint(model, optimizer, epoch, 0, EpochTally.Empty, history);
            WriteHistory(history);
            progress.EpochCompleted(modelId, recipe.Epochs, record);
            if (epoch == job.PreviewAfterEpoch && epoch < recipe.Epochs && preview is not null)
            {
                Preview(model, history);
            }
        }

        if (augmentation is not null)
        {
            var layers = BatchNormSettling.Settle(model, images, job.Device);
            if (layers > 0)
            {
                progress.Message(FormattableString.Invariant(
                    $"[{modelId}] BatchNorm statistics of {layers} layers settled on {Math.Min(BatchNormSettling.Images, imageCount):N0} unaugmented training images"));
            }
        }

        var trainingSeconds = history.Epochs.Sum(e => e.Seconds);
        return new TrainingOutcome(RunStatus.Completed, model, history, trainingSeconds);
    }

    /// <summary>
    /// Hands the model so far to the preview callback. Whatever it draws from torch's random generator is given back,
    /// so the rest of the run (shuffling, augmentation, dropout) is the same as without a preview. A preview that
    /// fails is reported and training goes on: the run's own result matters more than an early look at it.
    /// </summary>
    private void Preview(nn.Module<Tensor, Tensor> model, TrainingHistory history)
    {
        using var randomState = get_rng_state();
        try
        {
            preview!(new TrainingOutcome(RunStatus.Running, model, history, history.Epochs.Sum(e => e.Seconds)));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            progress.Message($"[{job.Model.Id}] preview after epoch {history.Epochs.Count} not written ({e.Message}); training goes on.");
        }
        finally
        {
            set_rng_state(randomState);
            model.train();
        }
    }

    /// <summary>Whether batch <paramref name="batch"/> (from 0) is the last of one of the epoch's <paramref name="stretches"/> equal stretches.</summary>
    public static bool EndsStretch(int batch, int batchCount, int stretches) =>
        (long)(batch + 1) * stretches / batchCount != (long)batch * stretches / batchCount;

    private void WriteHistory(TrainingHistory history)
    {
        RecordFile.Write(job.Files.History, history);
        lastWritten = history;
    }

    private (double Loss, long Correct, long Count) TrainBatch(
        TrainingPass pass, ScheduledOptimizer optimizer, Tensor images, Tensor labels, int[] order, int batch,
        DigitAugmentation? augmentation)
    {
        using var scope = NewDisposeScope();
        var start = batch * job.Recipe.BatchSize;
        var length = Math.Min(job.Recipe.BatchSize, order.Length - start);
        var indices = tensor(order.AsSpan(start, length).ToArray().Select(i => (long)i).ToArray());
        var input = images.index_select(0, indices).to(job.Device);
        var target = labels.index_select(0, indices).to(job.Device);
        if (augmentation is not null)
        {
            input = augmentation.Apply(input, target);
        }

        var logits = pass.Forward(input);
        var loss = cross_entropy(logits, target);
        optimizer.ZeroGrad();
        pass.Backward(loss);
        optimizer.Step();
        return (loss.item<float>(), logits.argmax(1).eq(target).sum().item<long>(), length);
    }

    private double? EtaSeconds(EpochTally tally, int imagesPerEpoch, int epoch, int totalEpochs)
    {
        if (tally.ImagesPerSecond <= 0)
        {
            return null;
        }

        var remainingImages = (imagesPerEpoch - tally.Seen) + (long)(totalEpochs - epoch) * imagesPerEpoch;
        return remainingImages / tally.ImagesPerSecond;
    }

    private RunProgress ToRunProgress(BatchProgress p) =>
        new(p.Epoch, p.TotalEpochs, p.ImagesDone, p.ImagesPerEpoch, p.ImagesPerSecond, p.EtaSeconds, now());

    private CheckpointHeader StartOrResume(nn.Module<Tensor, Tensor> model, ScheduledOptimizer optimizer)
    {
        if (!job.Resume)
        {
            var startedAt = now();
            var history = new TrainingHistory
            {
                ModelId = job.Model.Id,
                Recipe = job.Recipe.Name,
                Status = RunStatus.Running,
                TotalEpochs = job.Recipe.Epochs,
                StartedAt = startedAt,
                UpdatedAt = startedAt,
            };
            return new CheckpointHeader(job.Model.Id, job.Recipe, job.Seed, 0, 0, 0, EpochTally.Empty, history);
        }

        if (!File.Exists(job.Files.Checkpoint))
        {
            throw new UsageException($"There is no checkpoint to resume at {job.Files.Checkpoint}; train without --resume to start a new run.");
        }

        var header = CheckpointFile.Restore(job.Files.Checkpoint, model, optimizer.Optimizer);
        if (header.ModelId != job.Model.Id || header.Recipe != job.Recipe || header.Seed != job.Seed)
        {
            throw new UsageException(
                $"The checkpoint at {job.Files.Checkpoint} belongs to a different run (model {header.ModelId}, seed {header.Seed}, {header.Recipe}); "
                + "resume with that run's settings or train without --resume.");
        }

        optimizer.RestoreCompletedSteps(header.CompletedSteps);
        progress.Message($"[{job.Model.Id}] resuming after epoch {header.CompletedEpochs}"
            + (header.BatchesDoneInEpoch > 0 ? $" and {header.BatchesDoneInEpoch} batches of epoch {header.CompletedEpochs + 1}" : "")
            + $" (optimizer step {header.CompletedSteps}).");
        return header;
    }

    private void SaveCheckpoint(
        nn.Module<Tensor, Tensor> model, ScheduledOptimizer optimizer, int completedEpochs, int batchesDone, EpochTally tally, TrainingHistory history) =>
        CheckpointFile.Save(
            job.Files.Checkpoint,
            new CheckpointHeader(job.Model.Id, job.Recipe, job.Seed, completedEpochs, batchesDone, optimizer.CompletedSteps, tally, history),
            model,
            optimizer.Optimizer);
}
