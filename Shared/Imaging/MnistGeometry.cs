namespace MnistBlazor.Shared.Imaging;

/// <summary>The fixed geometry of an MNIST image as the models receive it.</summary>
public static class MnistGeometry
{
    public const int Side = 28;
    public const int PixelCount = Side * Side;
    public const int ClassCount = 10;

    /// <summary>MNIST fits each digit's longer side into this many pixels before centring it by mass.</summary>
    public const int FittedSide = 20;

    public const int QuadrantSide = Side / 2;
    public const int QuadrantCount = 4;
}
