namespace MnistBlazor.Client.Drawing;

/// <summary>
/// A part of an opened image a person chose to be read in place of the whole (a box dragged around the digit), in
/// fractions of the image's upright width and height.
/// </summary>
/// <param name="X">The left edge, 0 at the image's left, 1 at its right.</param>
/// <param name="Y">The top edge, 0 at the image's top, 1 at its bottom.</param>
/// <param name="Width">The part's width as a share of the image's.</param>
/// <param name="Height">The part's height as a share of the image's.</param>
public sealed record ImagePart(double X, double Y, double Width, double Height)
{
    /// <summary>The narrowest and lowest share of a side a part may have: a smaller box is a slip of the pointer.</summary>
    public const double MinShare = 0.02;

    /// <summary>Whether the part lies within the image and is large enough to hold a digit.</summary>
    public bool IsUsable =>
        double.IsFinite(X) && double.IsFinite(Y) && double.IsFinite(Width) && double.IsFinite(Height)
        && X >= 0 && Y >= 0 && Width >= MinShare && Height >= MinShare && X + Width <= 1 + 1e-9 && Y + Height <= 1 + 1e-9;
}
