using MnistBlazor.Shared.Records;
using MnistBlazor.Training.Data;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Evaluation;

public static class ModelEvaluator
{
    /// <summary>Accuracy, per-class accuracy, confusion matrix and misclassified list of one model.</summary>
    public static TestMetrics Evaluate(string modelId, nn.Module<Tensor, Tensor> model, LabeledSet set, Device device, DateTimeOffset evaluatedAt)
    {
        using var images = ImageTensors.Images(set.Images);
        var probabilities = Predictor.Probabilities(model, images, device);
        return TestMetrics.Compute(modelId, set.Name, RequireLabels(set), probabilities, evaluatedAt);
    }

    public static byte[] RequireLabels(LabeledSet set) =>
        set.Images.Labels ?? throw new UsageException($"The images of '{set.Name}' have no labels, so they cannot be scored.");
}
