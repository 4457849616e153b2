namespace MnistBlazor.Client.Dataset;

/// <summary>
/// Which labelled set a digit comes from, for links and wording: an MNIST test image opens as
/// <c>/?mnist=N</c>, a real pen digit as <c>/?pen=N</c>.
/// </summary>
/// <param name="Query">The drawing page's query parameter that opens one of these digits.</param>
/// <param name="Name">One digit, capitalised: "MNIST test image".</param>
/// <param name="Plural">Several, in running text: "test images".</param>
public sealed record DigitKind(string Query, string Name, string Plural)
{
    public static DigitKind MnistTest { get; } = new("mnist", "MNIST test image", "test images");

    public static DigitKind PenDigit { get; } = new("pen", "Real pen digit", "pen digits");

    /// <summary>The drawing page with digit <paramref name="index"/> as its input.</summary>
    public string Href(int index) => $"/?{Query}={index}";
}
