using Microsoft.ML.OnnxRuntime;

namespace MnistBlazor.Server.Inference;

/// <summary>
/// Runs one piece of work on a leased model session and turns what can go wrong with a model (reloading,
/// unusable answers, a failed run) into a reason for the page, so one model's failure never fails the others.
/// </summary>
internal static class ModelLease
{
    public static T Run<T>(
        ModelRegistry registry, string modelId, Func<LoadedModel, T> work, Func<string, T> without, ILogger logger, string failedWhile)
    {
        var model = registry.Acquire(modelId);
        if (model is null)
        {
            return without("The model is being reloaded.");
        }

        try
        {
            return work(model);
        }
        catch (ArgumentException e)
        {
            return without($"The model's answers cannot be used: {e.Message}");
        }
        catch (Exception e) when (e is OnnxRuntimeException or ObjectDisposedException)
        {
            logger.LogWarning(e, "Model {ModelId} failed {FailedWhile}", modelId, failedWhile);
            return without($"Inference failed: {e.Message}");
        }
        finally
        {
            model.Release();
        }
    }
}
