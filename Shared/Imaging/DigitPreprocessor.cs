using System.Runtime.CompilerServices;

namespace MnistBlazor.Shared.Imaging;

/// <summary>
/// Builds the 28x28 image the models see, the way MNIST was built from NIST's scans:
/// <list type="number">
/// <item>crop to the bounding box of the ink (pixels above <see cref="NoiseLevel"/>);</item>
/// <item>scale so the longer side is 20 px, keeping the aspect ratio, with exact area averaging
/// (the shorter side is centred in its whole-pixel span);</item>
/// <item>place the result in the 28x28 frame so that the intensity centre of mass, in pixel-index
/// coordinates (pixel i at i), lands on index 14 rounded to whole pixels.</item>
/// </list>
/// Convention, measured on the 10,000 MNIST test images: their centre of mass averages (14.01, 13.99)
/// in pixel indices, every one within 0.5 of 14 on each axis, i.e. MNIST translated by whole pixels
/// (images stay sharp; no resampling), so we translate by whole pixels too. Index 14 is half a pixel
/// right of and below the frame's geometric centre (13.5). The translation is limited so the 20 px
/// crop stays inside the frame: a lopsided digit is then a little off-centre instead of clipped.
/// </summary>
public static class DigitPreprocessor
{
    /// <summary>Ink at or below this is background noise (JPEG ringing, paper grain) when finding the crop.</summary>
    public const float NoiseLevel = 0.05f;

    /// <summary>Less total ink than this many fully inked pixels is "nothing drawn".</summary>
    public const float MinimumTotalInk = 2f;

    /// <summary>The pixel index (both axes) where MNIST puts the centre of mass.</summary>
    public const int MassCentreIndex = MnistGeometry.Side / 2;

    /// <summary>
    /// Ink whose bounding box is smaller than this, on both sides, is a speck, not a digit: 3 pixels,
    /// or 1% of the image's longer side for large captures.
    /// </summary>
    public static int MinimumExtent(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Math.Max(3, Math.Max(image.Width, image.Height) / 100);
    }

    /// <summary>
    /// The longer side of a drawing's path (its points' bounding box) in the working raster that
    /// strokes are drawn on: 70 % of the 280-pixel pad, whatever the canvas or the digit's size.
    /// </summary>
    public const float NormalizedPathSide = DrawingPadGeometry.TypicalFill * DrawingPadGeometry.CanvasSide;

    /// <summary>
    /// The pen the models' input is drawn with, on the working raster: 1/7 of the path's longer side.
    /// Measured, its 28x28 strokes are then as wide as MNIST's (median 2.1 px wide against 2.0 on the
    /// 10,000 test digits; the pad's default pen at 70 % fill gives 1.6 px).
    /// </summary>
    public const float NormalizedPenWidth = NormalizedPathSide / 7f;

    /// <summary>
    /// A drawing's path shorter than this fraction of the canvas's longer side (or 3 pixels) on both
    /// axes is a dot or a speck, not a digit.
    /// </summary>
    public const float MinimumPathFraction = 0.01f;

    /// <summary>
    /// Strokes are re-drawn before the steps above: the path (the points, not the pen) is scaled so
    /// its longer side is <see cref="NormalizedPathSide"/> and drawn with <see cref="NormalizedPenWidth"/>.
    /// The models then see the same image however large the digit was drawn, on whatever canvas,
    /// with whatever pen; and the raster's size, hence the work, is bounded whatever the input.
    /// </summary>
    /// <remarks>
    /// <paramref name="cancellationToken"/> stops the work between strokes (a client that gave up). A drawing of several
    /// digits side by side (<see cref="SideBySideParts"/>) also has each of them preprocessed on its own, in
    /// <see cref="PreprocessedDigit.Digits"/>.
    /// </remarks>
    public static PreprocessedDigit Preprocess(StrokeDrawing drawing, CancellationToken cancellationToken = default) =>
        Preprocess(drawing, pixelsVisited: null, cancellationToken);

    /// <summary>
    /// <see cref="Preprocess(StrokeDrawing, CancellationToken)"/>, adding to <paramref name="pixelsVisited"/> the pixels the
    /// rasterizer looks at for every raster it draws (<see cref="PreprocessingWork"/>).
    /// </summary>
    internal static PreprocessedDigit Preprocess(StrokeDrawing drawing, StrongBox<long>? pixelsVisited, CancellationToken cancellationToken)
    {
        if (RowsOfWriting.Count(drawing, pixelsVisited) is > 1 and var rows)
        {
            return PreprocessedDigit.Blank(RowsOfWriting.Reason(rows));
        }

        if (Whole(drawing, pixelsVisited) is not var (source, normalized, row))
        {
            return DotOnly;
        }

        var redrawnWhole = new Redrawn(Rasterize(normalized.Drawing, pixelsVisited, cancellationToken), normalized.CanvasX);
        var whole = Fit(redrawnWhole.Raster, row.Parts.Count);
        if (whole.IsBlank)
        {
            return whole;
        }

        var digits = DigitsReadOneByOne(row);
        var redrawn = digits.Select(part => Redraw(part, pixelsVisited, cancellationToken)).ToArray();
        var digitsAlone = redrawn.Select(digit => digit is { } alone ? Fit(alone.Raster, sideBySideParts: 1) : DotOnly).ToArray();
        whole = whole.WithStrokesLeftOut(row.StrokesLeftOut).WithDigits(
            WithCutsOfTheWidest(digitsAlone, TouchingCuts.MinWidthRatioDrawn, i => CutsToTry(digits[i], redrawn[i], TouchingCuts.IsWideForOne(digitsAlone[i]), pixelsVisited, cancellationToken)),
            row.Marks,
            digits);
        return row.Parts is [var part] && ReferenceEquals(part, source) && !row.Marks.Negative && TouchingCuts.IsWideForOne(whole, TouchingCuts.MinWidthRatioDrawn)
            ? whole.WithCutsToTry(CutsToTry(part, redrawnWhole, TouchingCuts.IsWideForOne(whole), pixelsVisited, cancellationToken))
            : whole;
    }

    /// <summary>
    /// The drawing re-drawn on the working raster as <see cref="Preprocess(StrokeDrawing, CancellationToken)"/> gives it
    /// to the models whole, with its parts (<see cref="SideBySideParts.SplitInRow"/>): a single digit drawn with stray ink
    /// or a minus sign beside it is re-drawn alone; null when the drawing's path is too short to be a digit.
    /// </summary>
    public static (StrokeDrawing Normalized, PartsInRow<StrokeDrawing> Row)? NormalizeWhole(StrokeDrawing drawing) =>
        Whole(drawing, pixelsVisited: null) is var (_, normalized, row) ? (normalized.Drawing, row) : null;

    /// <summary>
    /// <see cref="NormalizeWhole"/>, with the strokes re-drawn (the drawing, or its one part alone) and where the working
    /// raster's columns lie on the drawing's canvas.
    /// </summary>
    private static (StrokeDrawing Source, (StrokeDrawing Drawing, Func<float, float> CanvasX) Normalized, PartsInRow<StrokeDrawing> Row)? Whole(StrokeDrawing drawing, StrongBox<long>? pixelsVisited)
    {
        if (Normalized(drawing) is not { } normalized)
        {
            return null;
        }

        var row = SideBySideParts.SplitInRow(drawing, pixelsVisited);
        return row.Parts is [var digit] && !ReferenceEquals(digit, drawing) && Normalized(digit) is { } digitAlone
            ? (digit, digitAlone, row)
            : (drawing, normalized, row);
    }

    /// <summary>
    /// The parts of a drawing (<see cref="SideBySideParts.SplitInRow"/>) that are read one by one as the digits of a
    /// number: 2 to <see cref="SideBySideParts.MostDigitsRead"/> of them, or one after a minus sign ("-4"), each with a
    /// path no longer than a digit's may be for its size (<see cref="DrawingLimits.HasDigitSizedPath"/>, which bounds
    /// the work); otherwise none.
    /// </summary>
    public static IReadOnlyList<StrokeDrawing> DigitsReadOneByOne(PartsInRow<StrokeDrawing> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var parts = row.Parts;
        return (parts.Count is > 1 and <= SideBySideParts.MostDigitsRead || (parts.Count == 1 && row.Marks.Negative))
            && parts.All(DrawingLimits.HasDigitSizedPath) ? parts : [];
    }

    private static PreprocessedDigit DotOnly =>
        PreprocessedDigit.Blank("nothing drawn: only a dot (a digit's strokes span at least a few pixels)");

    private static PreprocessedDigit PreprocessOneDigit(StrokeDrawing drawing, StrongBox<long>? pixelsVisited, CancellationToken cancellationToken) =>
        Redraw(drawing, pixelsVisited, cancellationToken) is { } redrawn ? Fit(redrawn.Raster, sideBySideParts: 1) : DotOnly;

    /// <summary>Strokes re-drawn on the working raster, and where its columns lie on the drawing's canvas.</summary>
    private sealed record Redrawn(GrayImage Raster, Func<float, float> CanvasX);

    /// <summary>The drawing re-drawn on the working raster (<see cref="Normalize"/>), or null when its path is too short to be a digit.</summary>
    private static Redrawn? Redraw(StrokeDrawing drawing, StrongBox<long>? pixelsVisited, CancellationToken cancellationToken) =>
        Normalized(drawing) is var (normalized, canvasX) ? new Redrawn(Rasterize(normalized, pixelsVisited, cancellationToken), canvasX) : null;

    private static GrayImage Rasterize(StrokeDrawing normalized, StrongBox<long>? pixelsVisited, CancellationToken cancellationToken)
    {
        var raster = StrokeRasterizer.Rasterize(normalized, out var visited, cancellationToken);
        if (pixelsVisited is not null)
        {
            pixelsVisited.Value += visited;
        }

        return raster;
    }

    /// <summary>The drawing re-drawn on the working raster, or null when its path is too short to be a digit.</summary>
    public static StrokeDrawing? Normalize(StrokeDrawing drawing) => Normalized(drawing)?.Drawing;

    /// <summary>
    /// <see cref="Normalize"/>'s drawing, with where a column of the working raster lies on the drawing's canvas
    /// (<paramref name="drawing"/>'s x of the raster's x).
    /// </summary>
    private static (StrokeDrawing Drawing, Func<float, float> CanvasX)? Normalized(StrokeDrawing drawing)
    {
        DrawingLimits.ValidateRasterizable(drawing);
        if (drawing.Strokes.Count == 0)
        {
            return (new StrokeDrawing(1, 1, []), x => x);
        }

        var bounds = PathBounds.Of(drawing);
        var extent = bounds.LongerSide;
        if (extent < MathF.Max(3f, MinimumPathFraction * Math.Max(drawing.Width, drawing.Height)))
        {
            return null;
        }

        var scale = NormalizedPathSide / extent;
        var margin = NormalizedPenWidth / 2f + 2f;
        var width = (int)MathF.Ceiling(bounds.Width * scale + 2 * margin);
        var height = (int)MathF.Ceiling(bounds.Height * scale + 2 * margin);
        var strokes = drawing.Strokes
            .Select(s => new Stroke(
                s.Points.Select(p => new StrokePoint(margin + (p.X - bounds.MinX) * scale, margin + (p.Y - bounds.MinY) * scale)).ToArray(),
                NormalizedPenWidth))
            .ToArray();
        return (new StrokeDrawing(width, height, strokes), x => bounds.MinX + (x - margin) / scale);
    }

    /// <remarks>
    /// An image of several digits side by side (<see cref="SideBySideParts"/>) also has each of them preprocessed on
    /// its own, in <see cref="PreprocessedDigit.Digits"/>.
    /// </remarks>
    public static PreprocessedDigit Preprocess(GrayImage image) => Fit(image, sideBySideParts: null);

    private static GrayImage Crop(GrayImage image, PixelBox box)
    {
        var ink = new float[box.Width * box.Height];
        for (var y = 0; y < box.Height; y++)
        {
            image.Ink.AsSpan((box.Y + y) * image.Width + box.X, box.Width).CopyTo(ink.AsSpan(y * box.Width));
        }

        return GrayImage.Trusted(ink, box.Width, box.Height);
    }

    /// <summary>
    /// Crops, scales and centres <paramref name="image"/>'s ink. <paramref name="sideBySideParts"/> were counted on
    /// what was drawn, or are null to be found on the image's ink, and then each part is fitted on its own as well.
    /// </summary>
    private static PreprocessedDigit Fit(GrayImage image, int? sideBySideParts)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (!TryFindInk(image, out var bounds, out var totalInk))
        {
            return PreprocessedDigit.Blank("nothing drawn");
        }

        var minimumExtent = MinimumExtent(image);
        if (bounds.LongerSide < minimumExtent)
        {
            return PreprocessedDigit.Blank(
                $"nothing drawn: only a speck of {bounds.Width}x{bounds.Height} pixels (a digit spans at least {minimumExtent})");
        }

        if (totalInk < MinimumTotalInk)
        {
            return PreprocessedDigit.Blank(
                $"nothing drawn: only faint marks (total ink {totalInk:0.##} pixels, at least {MinimumTotalInk:0.##} needed)");
        }

        if (sideBySideParts is null && RowsOfWriting.Count(image.Ink, image.Width, bounds, NoiseLevel) is > 1 and var rows)
        {
            return PreprocessedDigit.Blank(RowsOfWriting.Reason(rows));
        }

        var found = sideBySideParts is null ? SideBySideParts.FindInRow(image.Ink, image.Width, bounds, NoiseLevel) : PartsInRow<PixelBox>.None;
        if (found is { Parts: [var alone], Marks.Negative: true }
            && FitAlone(image, alone, withCuts: true) is { IsBlank: false } digitAlone)
        {
            // A minus sign before a single digit ("-4"): the models see the digit alone, as when it is drawn.
            return digitAlone.WithDigits([digitAlone], found.Marks);
        }

        var parts = sideBySideParts ?? found.Parts.Count;
        var source = image;
        var (block, offsetX, offsetY) = (1, 0, 0);
        if (StrokeThickening.Widen(image, bounds) is { } widened && TryFindInk(widened.Image, out var widenedBounds, out _))
        {
            (image, bounds, block, offsetX, offsetY) = (widened.Image, widenedBounds, widened.Block, widened.OffsetX, widened.OffsetY);
        }

        const int side = MnistGeometry.Side;
        var scale = (float)MnistGeometry.FittedSide / bounds.LongerSide;
        var fittedWidth = Math.Min(MnistGeometry.FittedSide, AreaResampler.ScaledLength(bounds.Width, scale));
        var fittedHeight = Math.Min(MnistGeometry.FittedSide, AreaResampler.ScaledLength(bounds.Height, scale));
        Span<float> fitted = stackalloc float[fittedWidth * fittedHeight];
        AreaResampler.Resample(image.Ink, image.Width, bounds, scale, fitted, fittedWidth, fittedHeight);

        var (massX, massY) = CentreOfMass(fitted, fittedWidth);
        var left = Math.Clamp((int)MathF.Round(MassCentreIndex - massX, MidpointRounding.AwayFromZero), 0, side - fittedWidth);
        var top = Math.Clamp((int)MathF.Round(MassCentreIndex - massY, MidpointRounding.AwayFromZero), 0, side - fittedHeight);

        var pixels = new float[MnistGeometry.PixelCount];
        for (var y = 0; y < fittedHeight; y++)
        {
            fitted.Slice(y * fittedWidth, fittedWidth).CopyTo(pixels.AsSpan((top + y) * side + left));
        }

        var digit = PreprocessedDigit.Fitted(
            pixels,
            new PixelBox(offsetX + bounds.X * block, offsetY + bounds.Y * block, bounds.Width * block, bounds.Height * block),
            scale / block,
            new PixelBox(left, top, fittedWidth, fittedHeight),
            massShiftX: left - (side - fittedWidth) / 2f,
            massShiftY: top - (side - fittedHeight) / 2f,
            centerOfMassX: left + massX,
            centerOfMassY: top + massY,
            parts);
        if (found.Parts.Count is > 1 and <= SideBySideParts.MostDigitsRead)
        {
            var digitsAlone = found.Parts.Select(part => FitAlone(source, part, withCuts: false)).ToArray();
            return digit.WithDigits(WithCutsOfTheWidest(digitsAlone, TouchingCuts.MinWidthRatio, i => CutsToTry(source, found.Parts[i])), found.Marks);
        }

        return sideBySideParts is null && found.Parts is [var onePart] && !found.Marks.Negative && TouchingCuts.IsWideForOne(digit)
            ? digit.WithCutsToTry(CutsToTry(source, onePart))
            : digit;
    }

    /// <summary>
    /// The digits of a number, the widest of those wide for one digit (at most <see cref="TouchingCuts.MostPartsCut"/>,
    /// which bounds the models' work on a long number) with their cuts to try (<paramref name="cutsOf"/> the i-th).
    /// </summary>
    private static PreprocessedDigit[] WithCutsOfTheWidest(PreprocessedDigit[] digits, double minWidthRatio, Func<int, IReadOnlyList<TouchingCut>> cutsOf)
    {
        var widest = digits.Index().Where(digit => !digit.Item.IsBlank && TouchingCuts.IsWideForOne(digit.Item, minWidthRatio))
            .OrderByDescending(digit => (double)digit.Item.FittedBounds.Width / digit.Item.FittedBounds.Height)
            .Take(TouchingCuts.MostPartsCut).Select(digit => digit.Index).ToHashSet();
        return digits.Select((digit, i) => widest.Contains(i) ? digit.WithCutsToTry(cutsOf(i)) : digit).ToArray();
    }

    /// <summary>
    /// The ink of an image in <paramref name="box"/> (one part of a row) fitted alone, its bounds in the whole image, with
    /// its cuts to try when asked for and wide for one digit.
    /// </summary>
    private static PreprocessedDigit FitAlone(GrayImage image, PixelBox box, bool withCuts)
    {
        var fitted = Fit(Crop(image, box), sideBySideParts: 1);
        var digit = fitted.IsBlank ? fitted : fitted.MovedBy(box.X, box.Y);
        return withCuts && !digit.IsBlank && TouchingCuts.IsWideForOne(digit) ? digit.WithCutsToTry(CutsToTry(image, box)) : digit;
    }

    /// <summary>
    /// The cuts of the ink in <paramref name="box"/> into two touching digits worth reading (<see cref="TouchingCuts"/>):
    /// those whose sides' ink stands in one row as digits do (<see cref="SideBySideParts.MinTouchingHeightRatio"/>; a
    /// wide 9 cut down its middle leaves its loop above the stem); ink taller than <see cref="TouchingCuts.MaxCutHeight"/>
    /// is first reduced by averaging whole blocks.
    /// </summary>
    private static TouchingCut[] CutsToTry(GrayImage image, PixelBox box)
    {
        var block = (box.Height + TouchingCuts.MaxCutHeight - 1) / TouchingCuts.MaxCutHeight;
        var (ink, area) = block == 1 ? (image, box) : (Reduced(image, box, block), new PixelBox(0, 0, (box.Width + block - 1) / block, (box.Height + block - 1) / block));
        return TouchingCuts.Columns(ink.Ink, ink.Width, area, NoiseLevel)
            .Order()
            .Select(column => new TouchingCut(
                box.X + column * block,
                Fit(Crop(ink, area with { Width = column }), sideBySideParts: 1).MovedBy(box.X, box.Y, block),
                Fit(Crop(ink, area with { X = area.X + column, Width = area.Width - column }), sideBySideParts: 1).MovedBy(box.X + column * block, box.Y, block)))
            .Where(cut => !cut.Left.IsBlank && !cut.Right.IsBlank && SideBySideParts.ShareTheRow(cut.Left.SourceBounds, cut.Right.SourceBounds))
            .ToArray();
    }

    /// <summary>
    /// The cuts of a drawn digit's strokes into two touching digits worth reading: its strokes in two groups, as two
    /// digits drawn across each other are (<see cref="TouchingCuts.StrokeGroups"/>), then its strokes parted at the
    /// columns of least ink of the strokes as <paramref name="redrawn"/> for the models (<see cref="TouchingCuts.Columns"/>,
    /// <see cref="TouchingCuts.SplitStrokes"/>) when <paramref name="withLines"/>, at most
    /// <see cref="TouchingCuts.MostColumnsTried"/> in all, the straight ones kept where their sides stand in one row as
    /// digits do (<see cref="TouchingCuts.StandInRow"/>); when no grouping was found, the first
    /// <see cref="TouchingCuts.MostRunOnColumnsTried"/> of those columns (from the groupings' width, as the strokes say
    /// more than the width) that can be cut without the run of the pen through them, straight and bent when they differ
    /// (<see cref="TouchingCuts.SplitStrokesWithoutRunOns"/>). Each side is re-drawn and fitted as a digit drawn alone.
    /// </summary>
    private static TouchingCut[] CutsToTry(StrokeDrawing part, Redrawn? redrawn, bool withLines, StrongBox<long>? pixelsVisited, CancellationToken cancellationToken)
    {
        var groupings = TouchingCuts.StrokeGroups(part);
        var groups = groupings
            .Select(grouping => (X: grouping.Column, Sides: ((StrokeDrawing, StrokeDrawing)?)(grouping.Left, grouping.Right), Kind: TouchingCutKind.StrokeGroups));
        // Strokes that group as two digits had the pen lifted between them: no run of it joins them.
        var withRunOns = groupings.Count == 0;
        var leastInk = redrawn is not null && (withLines || withRunOns) ? LinesOfLeastInk(redrawn).ToArray() : [];
        var lines = (withLines ? leastInk : []).Select(x => (X: x, Sides: TouchingCuts.SplitStrokes(part, x), Kind: TouchingCutKind.Straight));
        // Not only at the two columns of least ink: those are often inside a digit (a flat top and bottom, crossed twice),
        // where a steep run of the pen between two digits holds more ink in each column.
        var withoutRunOns = (withRunOns ? leastInk : [])
            .Select(x => (X: x, Sides: TouchingCuts.SplitStrokesWithoutRunOns(part, x)))
            .Where(column => column.Sides.Count > 0)
            .Take(TouchingCuts.MostRunOnColumnsTried)
            .SelectMany(column => column.Sides.Select(sides => (column.X, Sides: ((StrokeDrawing, StrokeDrawing)?)sides, Kind: TouchingCutKind.WithoutRunOn)));
        var cuts = new List<TouchingCut>(TouchingCuts.MostCutsTried);
        var columns = groups.Concat(lines).Where(cut => cut.Sides is not null).Take(TouchingCuts.MostColumnsTried)
            .Where(cut => cut.Kind == TouchingCutKind.StrokeGroups || TouchingCuts.StandInRow(cut.Sides!.Value));
        foreach (var (x, sides, kind) in columns.Concat(withoutRunOns))
        {
            var (left, right) = sides!.Value;
            if (PreprocessOneDigit(left, pixelsVisited, cancellationToken) is { IsBlank: false } leftDigit
                && PreprocessOneDigit(right, pixelsVisited, cancellationToken) is { IsBlank: false } rightDigit)
            {
                cuts.Add(new TouchingCut((int)MathF.Floor(x), leftDigit, rightDigit) { SideStrokes = [left, right], Kind = kind });
            }
        }

        return [.. cuts.OrderBy(cut => cut.Column)];

        // Where the strokes re-drawn as the models see them hold the least ink, on the drawing's canvas.
        static IEnumerable<float> LinesOfLeastInk(Redrawn redrawn) =>
            TryFindInk(redrawn.Raster, out var box, out _)
                ? TouchingCuts.Columns(redrawn.Raster.Ink, redrawn.Raster.Width, box, NoiseLevel).Select(column => redrawn.CanvasX(box.X + column))
                : [];
    }

    /// <summary>The ink in <paramref name="box"/>, each <paramref name="block"/> by <paramref name="block"/> pixels averaged into one.</summary>
    private static GrayImage Reduced(GrayImage image, PixelBox box, int block)
    {
        var (means, columns, rows) = BlockMeans.Of(image.Ink, image.Width, box, block);
        return GrayImage.Trusted(means, columns, rows);
    }

    /// <summary>The bounding box of pixels above <see cref="NoiseLevel"/> and the ink inside it.</summary>
    private static bool TryFindInk(GrayImage image, out PixelBox bounds, out float totalInk)
    {
        int width = image.Width, height = image.Height;
        var ink = image.Ink;
        int left = width, right = -1, top = height, bottom = -1;
        for (var y = 0; y < height; y++)
        {
            var row = ink.AsSpan(y * width, width);
            var first = row.IndexOfAnyInRange(float.BitIncrement(NoiseLevel), float.PositiveInfinity);
            if (first < 0)
            {
                continue;
            }

            var last = first;
            for (var x = width - 1; x > first; x--)
            {
                if (row[x] > NoiseLevel)
                {
                    last = x;
                    break;
                }
            }

            left = Math.Min(left, first);
            right = Math.Max(right, last);
            top = Math.Min(top, y);
            bottom = y;
        }

        if (bottom < 0)
        {
            bounds = default;
            totalInk = 0f;
            return false;
        }

        bounds = new PixelBox(left, top, right - left + 1, bottom - top + 1);
        var sum = 0.0;
        for (var y = bounds.Y; y < bounds.Bottom; y++)
        {
            foreach (var value in ink.AsSpan(y * width + left, bounds.Width))
            {
                sum += value;
            }
        }

        totalInk = (float)sum;
        return true;
    }

    /// <summary>Intensity centre of mass in pixel-index coordinates; the caller guarantees some ink.</summary>
    private static (float X, float Y) CentreOfMass(ReadOnlySpan<float> pixels, int width)
    {
        double mass = 0, sumX = 0, sumY = 0;
        for (var i = 0; i < pixels.Length; i++)
        {
            var value = pixels[i];
            mass += value;
            sumX += value * (i % width);
            sumY += value * (i / width);
        }

        return ((float)(sumX / mass), (float)(sumY / mass));
    }
}
