namespace MnistBlazor.Training.Recipes;

public enum OptimizerKind
{
    Adadelta,
    Adam,
    AdamW,
}
