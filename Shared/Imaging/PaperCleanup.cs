namespace MnistBlazor.Shared.Imaging;

/// <summary>
/// Turns the ink of a photo or scan of paper into the ink of the digit alone. A page is rarely even: light falls off
/// across it, the sensor adds noise, ruled lines run across it and the ink is grey rather than black. Measured against
/// one background level, all of that is faint ink everywhere, and the digit's bounding box becomes the page. In order:
/// <list type="number">
/// <item>Uneven light: the paper's own ink level is estimated on a grid (the lower quartile of each cell, cells an
/// quarter of the longer side, so strokes covering up to three quarters of a cell do not count) and subtracted,
/// interpolated between cell centres; a cell darker than its neighbourhood's median by more than light changes
/// from cell to cell (<see cref="MaxLightStep"/>) is one that a thick stroke fills, and takes that median.</item>
/// <item>Hard-edged shadows (a hand or the phone over the page): where the page is darker over a region broader than a
/// sixth of the image's shorter side in every direction (a morphological opening), and no darker than
/// <see cref="MaxShadowInk"/>, that region's level is the paper's. Strokes are narrower than that, and a thick stroke
/// that is not is darker than a shadow. Ink is measured against the local paper as a share of its light, so a stroke
/// in a shadow keeps its strength.</item>
/// <item>Ruled lines: a row (or column) whose paper level (its lower quartile: a digit fills a minority of any row
/// of a page) stands above the rows <see cref="MaxLineThickness"/> away on both sides is a line; that much is
/// subtracted along it. The inside and the edges of a thick stroke share their level with a neighbour and stay.</item>
/// <item>Noise: ink below five times the paper's noise (from its median absolute deviation) is dropped, and so are
/// separate specks carrying less than <see cref="MinPieceShare"/> of the largest piece's ink, unless they are as solid
/// and round as the pen's point: a decimal point (<see cref="LooksLikePenPoint"/>); and separate pieces whose strongest
/// ink is under <see cref="MinPieceStrength"/> of the largest piece's (the faint remains of a sheet's or a shadow's edge),
/// or that lie on the image's border beside a digit that does not, carrying under <see cref="MaxBorderPieceShare"/> of
/// its ink (where a shadow's edge meets the border).</item>
/// <item>Faint trails: ink fainter than <see cref="MinStandingInk"/> of the strongest is kept only within
/// <see cref="MaxLineThickness"/> of stronger ink (a stroke's soft edges); further off it is what the ruled lines of a
/// turned page leave running from the strokes they cross, which no row of the image follows.</item>
/// <item>Grey ink: the strongest ink (the 99th percentile of what is left) becomes full ink, as MNIST's strokes are.</item>
/// </list>
/// Every estimate but the shadows' is capped at <see cref="MaxPaperInk"/>, so a stroke filling a cell, row or column is
/// never taken for paper. An even, noise-free page with black ink is left exactly as it was. Only images of at least
/// <see cref="MinSide"/> pixels a side are photos or scans; smaller ones (MNIST's own 28x28) are left alone.
/// </summary>
public static class PaperCleanup
{
    /// <summary>Images whose longer side is shorter are not treated as pages.</summary>
    public const int MinSide = 128;

    /// <summary>The most ink that unevenly lit paper or a ruled line is assumed to show.</summary>
    public const float MaxPaperInk = 0.3f;

    /// <summary>The darkest shadow taken for paper: one that takes at most this share of the light.</summary>
    public const float MaxShadowInk = 0.6f;

    /// <summary>Ink below this many noise deviations above the paper is dropped.</summary>
    public const float NoiseDeviations = 5f;

    /// <summary>The least ink a separate piece must carry, as a share of the largest piece's, to be part of the digit.</summary>
    public const double MinPieceShare = 0.05;

    /// <summary>
    /// The faintest a separate piece's strongest ink may be, as a share of the largest piece's strongest: what is left of
    /// a sheet's edge on a desk or of a shadow's edge is faint, and next to a digit small in the photo it carries as much
    /// ink as a stroke; a digit's own strokes, a decimal point and a minus sign are written with the same pen.
    /// </summary>
    public const float MinPieceStrength = 0.5f;

    /// <summary>
    /// A separate piece on the image's border carrying less than this share of the largest piece's ink is dropped when
    /// the largest piece is not on the border: where a shadow's or a desk's edge meets the border of the photo a speck
    /// as dark as ink is left, and beside a digit small in the photo it carries as much ink as a stroke.
    /// </summary>
    public const double MaxBorderPieceShare = 0.25;

    /// <summary>The least ink a pen's point (<see cref="LooksLikePenPoint"/>) carries, as a share of the largest piece's.</summary>
    public const double MinPenPointShare = 0.01;

    /// <summary>
    /// Ink at least this share of the strongest stands on its own; fainter ink is kept only beside stronger ink (within
    /// <see cref="MaxLineThickness"/>): a stroke's soft edges, not the trail of a ruled line running from it.
    /// </summary>
    public const float MinStandingInk = 0.4f;

    /// <summary>The most that uneven light changes the paper's ink level from one grid cell to the next.</summary>
    public const float MaxLightStep = 0.08f;

    private const int GridCells = 4;
    private const int MaxSamplesPerEstimate = 1024;
    private const int MaxSamplesPerLine = 256;
    private const int MaxNoiseSamples = 16_384;

    /// <summary>
    /// Cleans <paramref name="ink"/> (row-major, 0..1) in place. <paramref name="page"/> says where the paper is when
    /// it does not fill the image (<see cref="SheetOnDesk"/>; outside it the ink is 0): the paper's noise is measured
    /// there only.
    /// </summary>
    public static void Apply(float[] ink, int width, int height, bool[]? page = null)
    {
        if (Math.Max(width, height) < MinSide)
        {
            return;
        }

        SubtractUnevenLight(ink, width, height, page);
        SubtractLines(ink, width, height, page);
        DropNoise(ink, page);
        DropSpecks(ink, width, height);
        DropFaintTrails(ink, width, height);
        StretchToFullInk(ink);
    }

    private static void SubtractUnevenLight(float[] ink, int width, int height, bool[]? page)
    {
        var cell = Math.Max(16, (Math.Max(width, height) + GridCells - 1) / GridCells);
        int columns = (width + cell - 1) / cell, rows = (height + cell - 1) / cell;
        var paper = new float[columns * rows];
        var samples = new float[MaxSamplesPerEstimate];
        var stride = Math.Max(1, (int)Math.Ceiling(cell / Math.Sqrt(MaxSamplesPerEstimate)));
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
            {
                var count = 0;
                for (var y = row * cell; y < Math.Min(height, (row + 1) * cell) && count < samples.Length; y += stride)
                {
                    for (var x = column * cell; x < Math.Min(width, (column + 1) * cell) && count < samples.Length; x += stride)
                    {
                        if (page is null || page[y * width + x])
                        {
                            samples[count++] = ink[y * width + x];
                        }
                    }
                }

                paper[row * columns + column] = PaperLevel(samples.AsSpan(0, count));
            }
        }

        // A cell that a thick stroke fills is darker than the cells around it, more than light changes from one cell
        // to the next: such a cell takes the median level of its neighbourhood instead.
        var smoothed = new float[paper.Length];
        var around = new float[9];
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
            {
                var count = 0;
                for (var r = Math.Max(0, row - 1); r <= Math.Min(rows - 1, row + 1); r++)
                {
                    for (var c = Math.Max(0, column - 1); c <= Math.Min(columns - 1, column + 1); c++)
                    {
                        around[count++] = paper[r * columns + c];
                    }
                }

                var median = Median(around.AsSpan(0, count));
                var own = paper[row * columns + column];
                smoothed[row * columns + column] = own - median > MaxLightStep ? median : own;
            }
        }

        paper = smoothed;
        var shadows = HasShadow(ink, width, height, GridLevel) ? BroadDarkRegions(ink, width, height) : null;
        if (paper.All(level => level == 0f) && shadows is null)
        {
            return;
        }

        var acrossColumns = Enumerable.Range(0, width).Select(x => Between((x + 0.5f) / cell - 0.5f, columns)).ToArray();
        for (var y = 0; y < height; y++)
        {
            var down = Between((y + 0.5f) / cell - 0.5f, rows);
            for (var x = 0; x < width; x++)
            {
                var level = Interpolate(paper, columns, down, acrossColumns[x]);
                if (shadows is not null && shadows[y * width + x] is var shadow && shadow > level && shadow <= MaxShadowInk)
                {
                    level = shadow;
                }

                // Ink as the share of the local paper's light it takes, so a stroke in shadow counts as much as one in
                // full light; below zero where the paper is lighter than its estimate: the noise measure needs both sides.
                ink[y * width + x] = (ink[y * width + x] - level) / (1f - level);
            }
        }

        // The paper's level at a pixel, interpolated between the cells' centres.
        float GridLevel(float x, float y) =>
            Interpolate(paper, columns, Between((y + 0.5f) / cell - 0.5f, rows), Between((x + 0.5f) / cell - 0.5f, columns));
    }

    private static float Interpolate(float[] cells, int columns, (int Top, int Bottom, float Down) row, (int Left, int Right, float Across) column) =>
        (1 - row.Down) * ((1 - column.Across) * cells[row.Top * columns + column.Left] + column.Across * cells[row.Top * columns + column.Right]) +
        row.Down * ((1 - column.Across) * cells[row.Bottom * columns + column.Left] + column.Across * cells[row.Bottom * columns + column.Right]);

    /// <summary>How far a shadow reaches in every direction at least: a twelfth of the image's shorter side.</summary>
    private static int ShadowReach(int width, int height) => Math.Max(8, Math.Min(width, height) / 12);

    /// <summary>Blocks of this many pixels a side make the quick look for a shadow.</summary>
    private const int ShadowSearchBlock = 4;

    /// <summary>
    /// Whether the page has a region broader than <see cref="ShadowReach"/> that is darker than the grid's paper
    /// level (<paramref name="gridLevel"/>) by more than light changes from cell to cell, and no darker than
    /// <see cref="MaxShadowInk"/>: <see cref="BroadDarkRegions"/> on the means of 4x4 blocks, a sixteenth of the work.
    /// </summary>
    private static bool HasShadow(float[] ink, int width, int height, Func<float, float, float> gridLevel)
    {
        const int block = ShadowSearchBlock;
        var (means, blockColumns, blockRows) = BlockMeans.Of(ink, width, height, block);
        var broad = Opening(
            means, blockColumns, blockRows, Math.Max(1, ShadowReach(width, height) / block), smooth: false, BorderDepth / block);
        for (var row = 0; row < blockRows; row++)
        {
            for (var column = 0; column < blockColumns; column++)
            {
                var level = broad[row * blockColumns + column];
                if (level <= MaxShadowInk && level - gridLevel((column + 0.5f) * block, (row + 0.5f) * block) > MaxLightStep)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The ink of every region broader than a sixth of the image's shorter side in every direction: a morphological
    /// opening (the darkest in each square window, then the lightest of those) of the ink lightly smoothed, so noise
    /// does not pull it down. Thin strokes and ruled lines are not in it; a shadow's straight edge is kept sharp. The
    /// image is first extended by the window's reach, repeating what its border shows, so a shadow's narrow wedge
    /// between its edge and the image's border is still part of the shadow.
    /// </summary>
    private static float[] BroadDarkRegions(float[] ink, int width, int height) =>
        Opening(ink, width, height, ShadowReach(width, height), smooth: true, BorderDepth);

    /// <summary>How deep the border is read for what lies beyond it: a ruled line is less than half of it.</summary>
    private const int BorderDepth = 2 * MaxLineThickness + 1;

    /// <summary>
    /// The morphological opening of <paramref name="values"/> with a square window reaching <paramref name="reach"/>
    /// pixels each way (after a 3x3 mean when <paramref name="smooth"/>), on the image extended by the reach with
    /// <see cref="BorderLevels"/> read <paramref name="borderDepth"/> pixels deep.
    /// </summary>
    private static float[] Opening(float[] values, int width, int height, int reach, bool smooth, int borderDepth)
    {
        int paddedWidth = width + 2 * reach, paddedHeight = height + 2 * reach;
        var levels = new float[paddedWidth * paddedHeight];
        var (top, bottom, left, right) = BorderLevels(values, width, height, borderDepth);
        for (var y = 0; y < paddedHeight; y++)
        {
            var (inside, row) = (y - reach, Math.Clamp(y - reach, 0, height - 1));
            for (var x = 0; x < paddedWidth; x++)
            {
                var column = Math.Clamp(x - reach, 0, width - 1);
                levels[y * paddedWidth + x] =
                    inside < 0 ? top[column]
                    : inside >= height ? bottom[column]
                    : x < reach ? left[row]
                    : x - reach >= width ? right[row]
                    : values[row * width + column];
            }
        }

        (int Reach, SquareWindow.Statistic Statistic)[] passes = smooth
            ? [(1, SquareWindow.Statistic.Mean), (reach, SquareWindow.Statistic.Min), (reach, SquareWindow.Statistic.Max)]
            : [(reach, SquareWindow.Statistic.Min), (reach, SquareWindow.Statistic.Max)];
        foreach (var (distance, statistic) in passes)
        {
            SquareWindow.Apply(levels, paddedWidth, paddedHeight, distance, statistic);
        }

        var opened = new float[width * height];
        for (var y = 0; y < height; y++)
        {
            levels.AsSpan((y + reach) * paddedWidth + reach, width).CopyTo(opened.AsSpan(y * width, width));
        }

        return opened;
    }

    /// <summary>
    /// What lies beyond each border pixel: the median of the <paramref name="depth"/> pixels inward from it, so a
    /// ruled line along the border does not become a broad band while a shadow reaching the border does.
    /// </summary>
    private static (float[] Top, float[] Bottom, float[] Left, float[] Right) BorderLevels(float[] values, int width, int height, int depth)
    {
        var samples = new float[Math.Max(1, Math.Min(depth, Math.Min(width, height)))];
        float Inward(int start, int step)
        {
            for (var d = 0; d < samples.Length; d++)
            {
                samples[d] = values[start + d * step];
            }

            return Median(samples);
        }

        return (
            Enumerable.Range(0, width).Select(x => Inward(x, width)).ToArray(),
            Enumerable.Range(0, width).Select(x => Inward((height - 1) * width + x, -width)).ToArray(),
            Enumerable.Range(0, height).Select(y => Inward(y * width, 1)).ToArray(),
            Enumerable.Range(0, height).Select(y => Inward(y * width + width - 1, -1)).ToArray());
    }

    /// <summary>The two grid cells a position lies between and how far it is from the first (0..1).</summary>
    private static (int First, int Second, float Fraction) Between(float position, int cells)
    {
        var clamped = Math.Clamp(position, 0f, cells - 1);
        var first = (int)MathF.Floor(clamped);
        var second = Math.Min(cells - 1, first + 1);
        return (first, second, clamped - first);
    }

    /// <summary>Lines are at most this thick: a row (column) counts as a line where it is darker than the rows this far on both sides.</summary>
    public const int MaxLineThickness = 6;

    private static void SubtractLines(float[] ink, int width, int height, bool[]? page)
    {
        var rowLevels = Ridges(LineLevels(ink, width, height, page, alongRows: true));
        var columnLevels = Ridges(LineLevels(ink, width, height, page, alongRows: false));
        if (rowLevels.All(level => level == 0f) && columnLevels.All(level => level == 0f))
        {
            return;
        }

        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                ink[y * width + x] -= rowLevels[y] + columnLevels[x];
            }
        }
    }

    /// <summary>
    /// The paper level along each row (or column), from a sample of at most <see cref="MaxSamplesPerLine"/> of its pixels
    /// on the <paramref name="page"/> (a desk beside a sheet has no ink, and filling a quarter of a row it would be that
    /// row's paper level).
    /// </summary>
    private static float[] LineLevels(float[] ink, int width, int height, bool[]? page, bool alongRows)
    {
        var (lines, length) = alongRows ? (height, width) : (width, height);
        var stride = Math.Max(1, (length + MaxSamplesPerLine - 1) / MaxSamplesPerLine);
        var samples = new float[MaxSamplesPerLine];
        var levels = new float[lines];
        for (var line = 0; line < lines; line++)
        {
            var count = 0;
            for (var along = 0; along < length && count < samples.Length; along += stride)
            {
                var at = alongRows ? line * width + along : along * width + line;
                if (page is null || page[at])
                {
                    samples[count++] = ink[at];
                }
            }

            levels[line] = PaperLevel(samples.AsSpan(0, count));
        }

        return levels;
    }

    /// <summary>
    /// How much darker each line is than the lines <see cref="MaxLineThickness"/> away on both sides: a ruled line,
    /// not the inside or the edge of a thick stroke (which the lines on at least one side share).
    /// </summary>
    private static float[] Ridges(float[] levels)
    {
        var ridges = new float[levels.Length];
        for (var i = 0; i < levels.Length; i++)
        {
            var before = levels[Math.Max(0, i - MaxLineThickness)];
            var after = levels[Math.Min(levels.Length - 1, i + MaxLineThickness)];
            ridges[i] = Math.Max(0f, levels[i] - Math.Max(before, after));
        }

        return ridges;
    }

    private static void DropNoise(float[] ink, bool[]? page)
    {
        var stride = Math.Max(1, ink.Length / MaxNoiseSamples);
        var sample = Enumerable.Range(0, (ink.Length + stride - 1) / stride)
            .Select(i => i * stride)
            .Where(i => page is null || page[i])
            .Select(i => ink[i])
            .ToArray();
        if (sample.Length == 0)
        {
            return;
        }

        var median = Median(sample);
        for (var i = 0; i < sample.Length; i++)
        {
            sample[i] = Math.Abs(sample[i] - median);
        }

        var floor = Math.Clamp(median + NoiseDeviations * 1.4826f * Median(sample), 0f, MaxPaperInk);
        for (var i = 0; i < ink.Length; i++)
        {
            ink[i] = Math.Max(0f, ink[i] - floor) / (1f - floor);
        }
    }

    /// <summary>
    /// Keeps the connected pieces of ink (8-neighbour) that carry at least <see cref="MinPieceShare"/> of the largest
    /// piece's ink, and the smaller ones that look like the pen's point (<see cref="LooksLikePenPoint"/>), unless they are
    /// fainter than <see cref="MinPieceStrength"/> of it, or small pieces on the border beside a digit that is not
    /// (<see cref="MaxBorderPieceShare"/>): a digit's strokes and a decimal point stay, the specks that noise and the ends
    /// of ruled lines leave and the remains of edges do not.
    /// </summary>
    private static void DropSpecks(float[] ink, int width, int height)
    {
        var pieces = ConnectedRegions.Of(Array.ConvertAll(ink, value => value > 0f), width, height, eightConnected: true);
        var masses = pieces.Sums(ink);
        var (areas, boxes) = (pieces.Areas(), pieces.Boxes());
        var largest = masses.Max();
        var peaks = pieces.Maxima(ink);
        var largestPiece = Array.IndexOf(masses, largest);
        var strongest = peaks[largestPiece];
        var atBorder = pieces.TouchingBorder();
        var kept = Enumerable.Range(0, masses.Length)
            .Select(piece => (masses[piece] >= MinPieceShare * largest
                    || (masses[piece] >= MinPenPointShare * largest && LooksLikePenPoint(boxes[piece], areas[piece])))
                && peaks[piece] >= MinPieceStrength * strongest
                && !(atBorder[piece] && !atBorder[largestPiece] && masses[piece] < MaxBorderPieceShare * largest))
            .ToArray();
        var labels = pieces.Labels;
        for (var i = 0; i < ink.Length; i++)
        {
            if (labels[i] != 0 && !kept[labels[i]])
            {
                ink[i] = 0f;
            }
        }
    }

    /// <summary>
    /// Whether a piece of <paramref name="area"/> cells in <paramref name="box"/> is as solid and round as a pen's point:
    /// about as wide as high (neither side over twice the other) and filling at least half its box. The ends of ruled
    /// lines are long and thin, noise is scattered; a decimal point written on the page is such a dot.
    /// </summary>
    private static bool LooksLikePenPoint(PixelBox box, int area) =>
        box.Width > 0 && box.Height > 0 && box.LongerSide <= 2 * Math.Min(box.Width, box.Height) && area >= 0.5 * box.Width * box.Height;

    /// <summary>
    /// Drops ink fainter than <see cref="MinStandingInk"/> of the strongest that lies more than
    /// <see cref="MaxLineThickness"/> pixels from stronger ink: the faint trails that ruled lines on a turned page leave
    /// running from the digit's strokes (a turned line is no row of the image, and crossing the digit it joins the
    /// digit's piece). A stroke's soft edges lie closer to its core than that.
    /// </summary>
    private static void DropFaintTrails(float[] ink, int width, int height)
    {
        var strongest = StrongestInk(ink);
        if (strongest <= 0f)
        {
            return;
        }

        // The strongest ink within reach of each pixel, in a square around it.
        var strongestNear = (float[])ink.Clone();
        SquareWindow.Apply(strongestNear, width, height, MaxLineThickness, SquareWindow.Statistic.Max);
        var standing = MinStandingInk * strongest;
        for (var i = 0; i < ink.Length; i++)
        {
            if (strongestNear[i] < standing)
            {
                ink[i] = 0f;
            }
        }
    }

    /// <summary>The strongest ink: the 99th percentile of the ink present (0 when there is none).</summary>
    private static float StrongestInk(float[] ink)
    {
        const int bins = 1024;
        var histogram = new int[bins];
        var inked = 0;
        foreach (var value in ink)
        {
            if (value > 0f)
            {
                histogram[Math.Min(bins - 1, (int)(value * bins))]++;
                inked++;
            }
        }

        if (inked == 0)
        {
            return 0f;
        }

        var seen = 0;
        var bin = 0;
        while (bin < bins - 1 && (seen += histogram[bin]) < inked * 0.99)
        {
            bin++;
        }

        return (bin + 1f) / bins;
    }

    private static void StretchToFullInk(float[] ink)
    {
        var strongest = StrongestInk(ink);
        if (strongest is <= 0f or >= 1f)
        {
            return;
        }

        // Faint marks alone (a blank page) are not stretched into a digit.
        var scale = 1f / Math.Max(strongest, 2 * MaxPaperInk);
        for (var i = 0; i < ink.Length; i++)
        {
            ink[i] = Math.Min(1f, ink[i] * scale);
        }
    }

    /// <summary>
    /// The paper's ink level among <paramref name="values"/>: their lower quartile, so strokes covering up to three
    /// quarters of them do not count, within 0..<see cref="MaxPaperInk"/>.
    /// </summary>
    private static float PaperLevel(Span<float> values) => Math.Clamp(Quantile(values, 0.25f), 0f, MaxPaperInk);

    private static float Median(Span<float> values) => Quantile(values, 0.5f);

    /// <summary>The value <paramref name="fraction"/> of the way up <paramref name="values"/> (sorted in place); 0 for none.</summary>
    private static float Quantile(Span<float> values, float fraction)
    {
        if (values.Length == 0)
        {
            return 0f;
        }

        values.Sort();
        return values[(int)(values.Length * fraction)];
    }
}
