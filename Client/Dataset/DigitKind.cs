namespace MnistBlazor.Client.Dataset;

/// <summary>
/// Which labelled set a digit comes from, for links and wording: an MNIST test image opens as
/// <c>/?mnist=N</c>, a real pen digit as <c>/?pen=N</c>, a saved drawing as <c>/?drawing=ID</c>.
/// </summary>
/// <param name="Query">The drawing page's query parameter that opens one of these digits.</param>
/// <param name="Name">One digit, capitalised: "MNIST test image".</param>
/// <param name="Plural">Several, in running text: "test images".</param>
public sealed record DigitKind(string Query, string Name, string Plural)
{
    public static DigitKind MnistTest { get; } = new("mnist", "MNIST test image", "test images");

    public static DigitKind PenDigit { get; } = new("pen", "Real pen digit", "pen digits");

    /// <summary>Saved drawings, measured in the order of <paramref name="ids"/>: the digit at index i is drawing ids[i].</summary>
    public static DigitKind SavedDrawings(IReadOnlyList<long> ids) => new("drawing", "My digit", "drawings") { Ids = ids };

    /// <summary>What each index stands for in links and names, when not the index itself (a saved drawing's id).</summary>
    public IReadOnlyList<long>? Ids { get; private init; }

    /// <summary>The number that names digit <paramref name="index"/>: its index, or its drawing's id.</summary>
    public long NumberOf(int index) => Ids is { } ids && index >= 0 && index < ids.Count ? ids[index] : index;

    /// <summary>The drawing page with digit <paramref name="index"/> as its input.</summary>
    public string Href(int index) => $"/?{Query}={NumberOf(index)}";
}
