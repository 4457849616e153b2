namespace MnistBlazor.Training.Recipes;

/// <summary>The command-line spelling of each recipe choice (also written into model cards).</summary>
public static class OptionNames
{
    public static readonly IReadOnlyDictionary<string, OptimizerKind> Optimizers = new Dictionary<string, OptimizerKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["adadelta"] = OptimizerKind.Adadelta,
        ["adam"] = OptimizerKind.Adam,
        ["adamw"] = OptimizerKind.AdamW,
    };

    public static readonly IReadOnlyDictionary<string, ScheduleKind> Schedules = new Dictionary<string, ScheduleKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["constant"] = ScheduleKind.Constant,
        ["one-cycle"] = ScheduleKind.OneCycle,
    };

    public static readonly IReadOnlyDictionary<string, RecipeKind> Recipes = new Dictionary<string, RecipeKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["modern"] = RecipeKind.Modern,
        ["study"] = RecipeKind.Study,
    };

    public static readonly IReadOnlyDictionary<string, AugmentationKind> Augmentations = new Dictionary<string, AugmentationKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["light"] = AugmentationKind.Light,
        ["drawn"] = AugmentationKind.Drawn,
        ["styles"] = AugmentationKind.Styles,
    };

    public static string Of(AugmentationKind kind) => Augmentations.First(pair => pair.Value == kind).Key;

    public static string Of(OptimizerKind kind) => Optimizers.First(pair => pair.Value == kind).Key;

    public static string Of(ScheduleKind kind) => Schedules.First(pair => pair.Value == kind).Key;
}
