namespace MnistBlazor.Shared.Imaging;

/// <summary>
/// Finds a sheet of paper photographed lying on something darker (a desk): the photo's border then shows the desk,
/// and the whole sheet would pass for light ink on a dark background. The sheet is the largest region lighter than
/// the image's Otsu threshold (on blocks of a few pixels; closed over gaps as wide as a bold stroke, so a stroke running
/// off the sheet's edge or across it leaves the sheet whole) with what it encloses (the digit, ruled lines), when that
/// leaves most of the image's border to the desk, covers at least <see cref="MinImageShare"/> of the image and <see cref="MinBoxShare"/> of its own bounding box and
/// is mostly light (<see cref="MinLightShare"/>): a sheet is a filled shape with thin dark strokes on it, strokes of
/// light ink are not. A margin of <see cref="MarginShare"/> of the shorter side along its edge is left out, so the
/// blurred edge is not ink.
/// </summary>
public static class SheetOnDesk
{
    /// <summary>The least share of the image the sheet covers.</summary>
    public const double MinImageShare = 0.25;

    /// <summary>The least share of its bounding box the sheet fills: a sheet turned by up to about 20 degrees.</summary>
    public const double MinBoxShare = 0.7;

    /// <summary>
    /// The least share of the sheet that is light: a digit in dark ink covers little of a sheet, where a bold digit of
    /// light ink with its enclosed background (a 0 or an 8 filled in) is light over a half to two thirds.
    /// </summary>
    public const double MinLightShare = 0.75;

    /// <summary>How much of the shorter side is left out along the sheet's edge.</summary>
    public const double MarginShare = 0.01;

    /// <summary>
    /// The sheet's pixels (row-major), or null when the image does not show a sheet on something darker. Only images of
    /// at least <see cref="PaperCleanup.MinSide"/> pixels a side are looked at.
    /// </summary>
    public static bool[]? Find(ReadOnlySpan<float> luminance, int width, int height)
    {
        if (Math.Max(width, height) < PaperCleanup.MinSide || luminance.Length != width * height)
        {
            return null;
        }

        // Blocks of a few pixels: a thin ruled line on the darker side of a sheet must not cut it into strips.
        var block = Math.Max(1, Math.Min(width, height) / BlocksAcrossShorterSide);
        var (means, columns, rows) = BlockMeans.Of(luminance, width, height, block);
        var threshold = OtsuThreshold(means);
        var light = Array.ConvertAll(means, value => value > threshold);

        // A stroke running off the sheet's edge joins the digit to the desk, and one crossing the sheet cuts it in two:
        // the light blocks closed over gaps as wide as a bold stroke keep the sheet whole and the digit on it.
        var closedLight = Close(light, columns, rows, (int)Math.Ceiling(BlocksAcrossShorterSide * MaxStrokeShare / 2));
        var sheet = LargestRegion(closedLight, columns, rows);
        FillEnclosed(sheet, columns, rows);
        if (!LooksLikeSheet(sheet, light, columns))
        {
            return null;
        }

        var marginPixels = Math.Max(2, (int)Math.Round(Math.Min(width, height) * MarginShare));
        var inner = Shrink(sheet, columns, rows, (marginPixels + block - 1) / block + 1);
        var mask = new bool[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                mask[y * width + x] = inner[y / block * columns + x / block];
            }
        }

        return mask;
    }

    /// <summary>
    /// The widest stroke of a digit running off the sheet's edge, as a share of the image's shorter side, that still
    /// leaves the digit on the sheet: a marker's stroke across a digit half the photo's height.
    /// </summary>
    public const double MaxStrokeShare = 0.08;

    /// <summary>The sheet is looked for on blocks: about this many across the image's shorter side.</summary>
    private const int BlocksAcrossShorterSide = 120;

    /// <summary>The level that best splits the luminance into two classes (Otsu: the largest variance between them).</summary>
    private static float OtsuThreshold(ReadOnlySpan<float> luminance)
    {
        var histogram = new long[256];
        foreach (var value in luminance)
        {
            histogram[Math.Clamp((int)value, 0, 255)]++;
        }

        double total = luminance.Length, sum = 0;
        for (var level = 0; level < 256; level++)
        {
            sum += level * (double)histogram[level];
        }

        double below = 0, belowSum = 0, best = -1;
        var threshold = 127;
        for (var level = 0; level < 256; level++)
        {
            below += histogram[level];
            belowSum += level * (double)histogram[level];
            var above = total - below;
            if (below == 0 || above == 0)
            {
                continue;
            }

            var difference = belowSum / below - (sum - belowSum) / above;
            var between = below * above * difference * difference;
            if (between > best)
            {
                (best, threshold) = (between, level);
            }
        }

        return threshold + 0.5f;
    }

    /// <summary>The largest 4-connected region of <paramref name="light"/> (none: all false).</summary>
    private static bool[] LargestRegion(bool[] light, int width, int height)
    {
        var regions = ConnectedRegions.Of(light, width, height, eightConnected: false);
        var areas = regions.Areas();
        var largest = new bool[regions.Count + 1];
        int bestLabel = 0, bestArea = 0;
        for (var label = 1; label <= regions.Count; label++)
        {
            if (areas[label] > bestArea)
            {
                (bestLabel, bestArea) = (label, areas[label]);
            }
        }

        largest[bestLabel] = bestLabel != 0;
        return regions.CellsOf(largest);
    }

    /// <summary>
    /// Whether the region with what it encloses leaves most of the image's border to the desk, covers
    /// <see cref="MinImageShare"/> of the image and <see cref="MinBoxShare"/> of its bounding box, and is light over
    /// <see cref="MinLightShare"/> of it.
    /// </summary>
    private static bool LooksLikeSheet(bool[] sheet, bool[] light, int width)
    {
        int area = 0, lit = 0, left = int.MaxValue, right = -1, top = int.MaxValue, bottom = -1;
        for (var i = 0; i < sheet.Length; i++)
        {
            if (sheet[i])
            {
                int x = i % width, y = i / width;
                (left, right, top, bottom) = (Math.Min(left, x), Math.Max(right, x), Math.Min(top, y), Math.Max(bottom, y));
                area++;
                lit += light[i] ? 1 : 0;
            }
        }

        int borderCount = 0, borderOnSheet = 0;
        for (var i = 0; i < sheet.Length; i++)
        {
            if (i < width || i >= sheet.Length - width || i % width == 0 || i % width == width - 1)
            {
                borderCount++;
                borderOnSheet += sheet[i] ? 1 : 0;
            }
        }

        return area > 0
            && borderOnSheet * 2 < borderCount // the border shows the desk, mostly
            && area >= MinImageShare * sheet.Length
            && area >= MinBoxShare * (right - left + 1) * (bottom - top + 1)
            && lit >= MinLightShare * area;
    }

    /// <summary>Adds to the sheet everything it encloses: what cannot reach the image's border without crossing it.</summary>
    private static void FillEnclosed(bool[] sheet, int width, int height)
    {
        var offSheet = ConnectedRegions.Of(Array.ConvertAll(sheet, on => !on), width, height, eightConnected: false);
        var outside = offSheet.CellsOf(offSheet.TouchingBorder());
        for (var i = 0; i < sheet.Length; i++)
        {
            sheet[i] = !outside[i];
        }
    }

    /// <summary>
    /// The light region with every gap in it up to 2 <paramref name="radius"/> steps wide closed: grown by the radius,
    /// then shrunk by it (the outline of a sheet, convex, stays where it was). Beyond the image's border lies desk, so a
    /// sheet grown up to the border shrinks back from it.
    /// </summary>
    private static bool[] Close(bool[] region, int width, int height, int radius)
    {
        var pad = radius + 1;
        int paddedWidth = width + 2 * pad, paddedHeight = height + 2 * pad;
        var padded = new bool[paddedWidth * paddedHeight];
        for (var y = 0; y < height; y++)
        {
            region.AsSpan(y * width, width).CopyTo(padded.AsSpan((y + pad) * paddedWidth + pad));
        }

        var grown = Array.ConvertAll(Shrink(Array.ConvertAll(padded, on => !on), paddedWidth, paddedHeight, radius), off => !off);
        var closed = Shrink(grown, paddedWidth, paddedHeight, radius);
        var result = new bool[region.Length];
        for (var y = 0; y < height; y++)
        {
            closed.AsSpan((y + pad) * paddedWidth + pad, width).CopyTo(result.AsSpan(y * width));
        }

        return result;
    }

    /// <summary>The region less the pixels within <paramref name="margin"/> steps of anything outside it (the image's border is not outside).</summary>
    private static bool[] Shrink(bool[] sheet, int width, int height, int margin)
    {
        var distance = new int[sheet.Length];
        var queue = new Queue<int>();
        for (var i = 0; i < sheet.Length; i++)
        {
            distance[i] = sheet[i] ? int.MaxValue : 0;
            if (!sheet[i])
            {
                queue.Enqueue(i);
            }
        }

        while (queue.Count > 0)
        {
            var index = queue.Dequeue();
            if (distance[index] >= margin)
            {
                continue;
            }

            foreach (var next in Neighbours(index, index % width, index / width, width, height))
            {
                if (distance[next] == int.MaxValue)
                {
                    distance[next] = distance[index] + 1;
                    queue.Enqueue(next);
                }
            }
        }

        return Array.ConvertAll(distance, d => d > margin);
    }

    private static IEnumerable<int> Neighbours(int index, int x, int y, int width, int height)
    {
        if (x > 0)
        {
            yield return index - 1;
        }

        if (x < width - 1)
        {
            yield return index + 1;
        }

        if (y > 0)
        {
            yield return index - width;
        }

        if (y < height - 1)
        {
            yield return index + width;
        }
    }
}
