namespace MnistBlazor.Shared.PenDigits;

/// <summary>How one model did on one writer's pen digits: whether it reads people it never saw equally well.</summary>
/// <param name="Writer">The writer's number in the file.</param>
/// <param name="Digits">How many digits that writer wrote.</param>
/// <param name="Wrong">How many of them the model got wrong.</param>
public sealed record WriterAccuracy(int Writer, int Digits, int Wrong)
{
    public double Accuracy => Digits == 0 ? 0 : (Digits - Wrong) / (double)Digits;
}
