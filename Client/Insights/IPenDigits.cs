using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.PenDigits;

namespace MnistBlazor.Client.Insights;

/// <summary>
/// The real pen-drawn digits (UNIPEN trajectories), read by the server in the background (again when the file
/// changes): the digits, their drawings as the pad would record them and the 28x28 images the models receive.
/// </summary>
public interface IPenDigits
{
    /// <summary>The set as it stands now; the first use, and a use after the file changed, start reading it in the background.</summary>
    PenDigitsSnapshot Current { get; }

    /// <summary>The set once reading has finished (at once when the file is unchanged since it was read).</summary>
    Task<PenDigitsSnapshot> LoadedAsync();

    /// <summary>Raised (on any thread) when a reading finished.</summary>
    event Action? Changed;
}

public enum PenDigitsState
{
    Loading,
    Ready,

    /// <summary>No file, or a file that cannot be read: <see cref="PenDigitsSnapshot.Problem"/> says why and what to do.</summary>
    Unavailable,
}

/// <param name="SourceName">The file's name, without its directory.</param>
/// <param name="Set">The digits, when <see cref="State"/> is Ready.</param>
/// <param name="Images">Every digit preprocessed as a drawing on the pad would be, in file order.</param>
/// <param name="Problem">Why the set is unavailable, naming only the file.</param>
public sealed record PenDigitsSnapshot(PenDigitsState State, string SourceName, PenDigitSet? Set, LabeledImages? Images, string? Problem)
{
    public IReadOnlyList<PenDigit> Digits => Set?.Digits ?? [];

    public static PenDigitsSnapshot Loading(string sourceName) => new(PenDigitsState.Loading, sourceName, null, null, null);

    public static PenDigitsSnapshot Unavailable(string sourceName, string problem) => new(PenDigitsState.Unavailable, sourceName, null, null, problem);

    public static PenDigitsSnapshot Ready(PenDigitSet set, LabeledImages images) => new(PenDigitsState.Ready, set.SourceName, set, images, null);

    /// <summary>Digit <paramref name="index"/>, or null with why not (not loaded, no such digit).</summary>
    public PenDigit? Find(int index, out string? problem)
    {
        problem = State switch
        {
            PenDigitsState.Loading => "The pen digits are still being read.",
            PenDigitsState.Unavailable => Problem,
            _ when index < 0 || index >= Digits.Count => $"There is no pen digit #{index} in {SourceName}; they are numbered 0 to {Digits.Count - 1}.",
            _ => null,
        };
        return problem is null ? Digits[index] : null;
    }

    /// <summary>The 28x28 image of digit <paramref name="index"/> (0..255, 255 = ink).</summary>
    public ReadOnlyMemory<byte>? PixelsOf(int index) => Images?.FindImage(index);
}
