namespace MnistBlazor.Shared.Models;

/// <summary>What a model reads besides the 28x28 image (each model computes these inside its graph).</summary>
[Flags]
public enum DerivedInputs
{
    None = 0,
    Projections = 1,
    Quadrants = 2,
}

/// <summary>One of the study's architectures, with what the study reported for it.</summary>
/// <param name="Id">Stable identifier used in file names, URLs and the CLI.</param>
/// <param name="DisplayName">Name shown to people.</param>
/// <param name="Summary">The layers in one line.</param>
/// <param name="Inputs">Derived inputs the architecture uses.</param>
/// <param name="IsConvolutional">Whether the model is one of the CNNs (the soft-vote ensemble uses those).</param>
/// <param name="StudyScore">The study's reported score for it.</param>
/// <param name="StudyScoreKind">What kind of score the study reported (accuracy or Kaggle leaderboard).</param>
/// <param name="StudyEpochs">How many epochs the study trained it.</param>
/// <param name="Color">CSS colour of the model on every chart and table; at least 3:1 against the cards of the light and the dark page.</param>
public sealed record ModelSpec(
    string Id,
    string DisplayName,
    string Summary,
    DerivedInputs Inputs,
    bool IsConvolutional,
    double StudyScore,
    string StudyScoreKind,
    int StudyEpochs,
    string Color);

/// <summary>The one catalogue of models, shared by Training, Server and tests.</summary>
public static class ModelCatalog
{
    public const string EnsembleId = "ensemble";
    public const string EnsembleDisplayName = "Soft-vote ensemble (CNNs)";
    /// <summary>The ensemble's colour on charts and tables, and the line of its card on the drawing page (app.css --ensemble-line).</summary>
    public const string EnsembleColor = "#0d9488";

    /// <summary>The colour of an id that is neither a catalogue model nor the ensemble (a model recorded by an older version).</summary>
    public const string UnknownModelColor = "#78716c";

    public static readonly ModelSpec Nn = new(
        "nn", "NN (multilayer perceptron)",
        "Flatten -> Dense 280 -> Dense 28 -> Dense 10",
        DerivedInputs.None, IsConvolutional: false, StudyScore: 0.8864, StudyScoreKind: "accuracy", StudyEpochs: 200,
        Color: "#64748b");

    public static readonly ModelSpec SimpleCnn = new(
        "simple-cnn", "Simple CNN",
        "2 conv blocks (64, 128) -> Dense 512 -> Dense 128 -> Dense 10",
        DerivedInputs.None, IsConvolutional: true, StudyScore: 0.98971, StudyScoreKind: "Kaggle", StudyEpochs: 200,
        Color: "#2563eb");

    public static readonly ModelSpec CnnProjections = new(
        "cnn-proj", "CNN + projections",
        "3 conv blocks (64, 128, 512) + projection branch -> Dense 256 -> Dense 128 -> Dense 10",
        DerivedInputs.Projections, IsConvolutional: true, StudyScore: 0.9889, StudyScoreKind: "Kaggle", StudyEpochs: 200,
        Color: "#9333ea");

    public static readonly ModelSpec CnnQuadrants = new(
        "cnn-quad", "CNN + quadrants + projections",
        "3 conv blocks + Conv3D over quadrants + projection branch -> Dense 256 -> Dense 256 -> Dense 10",
        DerivedInputs.Projections | DerivedInputs.Quadrants, IsConvolutional: true, StudyScore: 0.99057, StudyScoreKind: "Kaggle", StudyEpochs: 150,
        Color: "#ea580c");

    /// <summary>All architectures, in the study's order.</summary>
    public static readonly IReadOnlyList<ModelSpec> All = [Nn, SimpleCnn, CnnProjections, CnnQuadrants];

    public static IReadOnlyList<string> Ids { get; } = All.Select(m => m.Id).ToArray();

    public static bool TryGet(string id, out ModelSpec spec)
    {
        spec = All.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.OrdinalIgnoreCase))!;
        return spec is not null;
    }

    /// <summary>The colour of a catalogue model or the ensemble, the same on every chart and table.</summary>
    public static string ColorOf(string modelId) =>
        modelId == EnsembleId ? EnsembleColor
        : All.FirstOrDefault(m => m.Id == modelId)?.Color ?? UnknownModelColor;

    public static ModelSpec Get(string id) =>
        TryGet(id, out var spec)
            ? spec
            : throw new ArgumentException($"Unknown model '{id}'. Known models: {string.Join(", ", Ids)}.");
}
