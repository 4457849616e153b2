namespace MnistBlazor.Client.Drawing;

/// <summary>
/// An image file opened on the drawing page: its name, what was read from it, and whether the browser sent it scaled
/// down (a photo larger than the server reads) instead of the file itself.
/// </summary>
public sealed record OpenedImageFile(string FileName, ImageDigit Read, bool ScaledByTheBrowser);
