namespace MnistBlazor.Shared.Imaging;

/// <summary>An axis-aligned rectangle of whole pixels: columns X..X+Width-1, rows Y..Y+Height-1.</summary>
public readonly record struct PixelBox(int X, int Y, int Width, int Height)
{
    public int Right => X + Width;

    public int Bottom => Y + Height;

    public int LongerSide => Math.Max(Width, Height);
}
