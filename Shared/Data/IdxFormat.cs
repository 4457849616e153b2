namespace MnistBlazor.Shared.Data;

/// <summary>The IDX file format of the original MNIST distribution: a big-endian header, then raw bytes.</summary>
public static class IdxFormat
{
    /// <summary>Unsigned bytes, 3 dimensions (count, rows, columns).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Unsigned bytes, 1 dimension (count).</summary>
    public const int LabelsMagic = 0x00000801;

    public const int ImagesHeaderLength = 16;
    public const int LabelsHeaderLength = 8;

    internal static string DescribeMagic(int magic) => magic switch
    {
        ImagesMagic => $"0x{magic:X8} (IDX images)",
        LabelsMagic => $"0x{magic:X8} (IDX labels)",
        _ => $"0x{magic:X8}",
    };
}
