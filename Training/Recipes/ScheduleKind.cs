namespace MnistBlazor.Training.Recipes;

public enum ScheduleKind
{
    Constant,
    OneCycle,
}
