using MnistBlazor.Shared.Models;

namespace MnistBlazor.Client.Insights;

/// <summary>One colour per model, the same on every chart and table.</summary>
public static class ModelColors
{
    public static string Of(string modelId) => modelId switch
    {
        "nn" => "#64748b",
        "simple-cnn" => "#2563eb",
        "cnn-proj" => "#9333ea",
        "cnn-quad" => "#0f766e",
        ModelCatalog.EnsembleId => "#d97706",
        _ => "#334155",
    };
}
