using TorchSharp;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Data;

/// <summary>
/// Adds the strokes of common handwriting conventions that MNIST's writers (American census staff and
/// students) rarely used: the flag (up-stroke) at the top of a 1, the crossbar through a 7, and the 9 whose
/// stem ends in a tail curled to the left, the way a handwritten "g" ends. Each is drawn on a chosen share
/// of the images of that digit, before the geometric distortions, as an anti-aliased pen line about as wide
/// as MNIST's strokes, placed from where the digit's ink begins or ends. Other digits pass unchanged.
/// </summary>
public static class WritingStyleStrokes
{
    public const int One = 1;
    public const int Seven = 7;
    public const int Nine = 9;

    /// <summary>Pieces of a polyline per image: the longest style (the curled tail) is an arc of this many segments.</summary>
    private const int Segments = 6;

    private const float InkThreshold = 0.35f;

    /// <summary>
    /// The images (N, 1, H, W) with, in about <paramref name="share"/> of the 1s, 7s and 9s (by
    /// <paramref name="labels"/>), that digit's style stroke added.
    /// </summary>
    public static Tensor Apply(Tensor images, Tensor labels, double share)
    {
        using var scope = NewDisposeScope();
        var count = images.shape[0];
        var height = images.shape[^2];
        var width = images.shape[^1];
        var device = images.device;

        var chosen = rand(count, device: device).lt(share);
        var isOne = labels.eq(One).logical_and(chosen);
        var isSeven = labels.eq(Seven).logical_and(chosen);
        var isNine = labels.eq(Nine).logical_and(chosen);
        var withStyle = isOne.logical_or(isSeven).logical_or(isNine);
        if (!withStyle.any().item<bool>())
        {
            return images.alias().MoveToOuterDisposeScope();
        }

        // The strokes are drawn only for the styled images (about one in seven): a styled NN epoch took 3.3 s with
        // them drawn for the whole batch, 1.9 s so (1.0 s with the light augmentation alone). The random draws still
        // cover the whole batch.
        var styled = withStyle.nonzero().squeeze(1);
        var draws = StyleDraws.For(count, device).Select(styled);
        var digits = images.index_select(0, styled).squeeze(1);
        var picked = styled.shape[0];
        var pickedLabels = labels.index_select(0, styled).reshape(picked, 1, 1);

        var geometry = InkGeometry.Of(digits, InkThreshold);
        var flag = FlagOfOne(geometry, draws);
        var crossbar = CrossbarOfSeven(geometry, draws);
        var (tail, cutRow) = CurledTailOfNine(geometry, draws);

        // A 9 getting a curled tail loses the end of its stem first (the rows below where the arc starts).
        var rowCentres = arange(height, dtype: ScalarType.Float32, device: device).add_(0.5).reshape(1, height, 1);
        var keptRows = rowCentres.lt(cutRow.reshape(picked, 1, 1)).logical_or(pickedLabels.ne(Nine));
        digits = digits * keptRows.to(digits.dtype);

        // (picked, Segments, 4): x0, y0, x1, y1 per segment; unused segments are zero-length at the start point.
        var segments = where(pickedLabels.eq(One), flag, where(pickedLabels.eq(Seven), crossbar, tail));
        var penWidth = draws.PenWidth.mul(0.8).add_(1.8).reshape(picked, 1);
        var strength = draws.Strength.mul(0.15).add_(0.85).reshape(picked, 1);
        var ink = PolylineInk(segments, penWidth, height, width).mul_(strength);
        var withStrokes = maximum(digits, ink.reshape(picked, height, width)).unsqueeze(1).to(images.dtype);
        return images.index_copy(0, styled, withStrokes).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A straight up-stroke from the top of the 1, down to the left at 35 to 65 degrees, 20 to 35 % of the digit's
    /// height long. Flatter, longer flags are the top bar of MNIST's short-topped 7s and taught the models to read those as 1.
    /// </summary>
    private static Tensor FlagOfOne(InkGeometry ink, StyleDraws draws)
    {
        var length = Between(draws.FlagLength, 0.20, 0.35) * ink.Height;
        var angle = Between(draws.FlagAngle, 35, 65).mul_(Math.PI / 180);
        var endX = ink.TopX - length * angle.cos();
        var endY = ink.Top + length * angle.sin();
        return Line(ink.TopX, ink.Top, endX, endY);
    }

    /// <summary>A short bar across the 7's stem at 50 to 65 % of its height, 30 to 50 % of the height long, tilted a little.</summary>
    private static Tensor CrossbarOfSeven(InkGeometry ink, StyleDraws draws)
    {
        var count = ink.Ink.shape[0];
        var row = (ink.Top + Between(draws.BarRow, 0.5, 0.65) * ink.Height).round().clamp(0, ink.Ink.shape[1] - 1).to(ScalarType.Int64);
        var rowInk = ink.Ink.gather(1, row.reshape(count, 1, 1).expand(count, 1, ink.Ink.shape[2])).squeeze(1);
        var inkInRow = rowInk.sum(1);
        var stemX = where(inkInRow.gt(0), (rowInk * ink.Columns).sum(1) / inkInRow.clamp_min(1), ink.CentreX);
        var halfLength = Between(draws.BarHalfLength, 0.15, 0.25) * ink.Height;
        var tilt = Between(draws.BarTilt, -0.15, 0.15) * halfLength;
        var y = row.to(ScalarType.Float32).add_(0.5);
        return Line(stemX - halfLength, y + tilt, stemX + halfLength, y - tilt);
    }

    /// <summary>
    /// The 9's stem ends in an arc instead: the last 20 to 35 % of the digit's height is cut off and an arc of
    /// that radius continues the stem down and curls back up to the left (a half to a whole half turn), the
    /// way a "g" ends; the digit keeps its height.
    /// </summary>
    private static (Tensor Segments, Tensor CutRow) CurledTailOfNine(InkGeometry ink, StyleDraws draws)
    {
        var count = ink.Ink.shape[0];
        var radius = Between(draws.TailRadius, 0.2, 0.35) * ink.Height;
        var cutRow = (ink.Bottom - radius).floor();
        var startX = ink.XOfRows(cutRow.sub(1).clamp_min(0), ink.CentreX);
        var sweep = Between(draws.TailSweep, 0.5, 1.0).mul_(Math.PI);
        var centreX = startX - radius;
        var centreY = cutRow;
        var steps = arange(Segments + 1, dtype: ScalarType.Float32, device: ink.Ink.device).div_(Segments).reshape(1, Segments + 1);
        var angles = sweep.reshape(count, 1) * steps;
        var x = centreX.reshape(count, 1) + radius.reshape(count, 1) * angles.cos();
        var y = centreY.reshape(count, 1) + radius.reshape(count, 1) * angles.sin();
        return (stack([x[.., ..^1], y[.., ..^1], x[.., 1..], y[.., 1..]], dim: -1), cutRow);
    }

    /// <summary>One segment, padded to <see cref="Segments"/> with zero-length copies of its end.</summary>
    private static Tensor Line(Tensor x0, Tensor y0, Tensor x1, Tensor y1)
    {
        var count = x0.shape[0];
        var first = stack([x0, y0, x1, y1], dim: -1).reshape(count, 1, 4);
        var rest = stack([x1, y1, x1, y1], dim: -1).reshape(count, 1, 4).expand(count, Segments - 1, 4);
        return cat([first, rest], dim: 1);
    }

    /// <summary>Anti-aliased ink (N, H*W) of each image's polyline: full inside half the pen width, fading over one pixel.</summary>
    private static Tensor PolylineInk(Tensor segments, Tensor penWidth, long height, long width)
    {
        var device = segments.device;
        var ys = arange(height, dtype: ScalarType.Float32, device: device).add_(0.5);
        var xs = arange(width, dtype: ScalarType.Float32, device: device).add_(0.5);
        var px = xs.reshape(1, 1, 1, width).expand(1, 1, height, width).reshape(1, 1, -1);
        var py = ys.reshape(1, 1, height, 1).expand(1, 1, height, width).reshape(1, 1, -1);

        var x0 = segments[.., .., 0..1];
        var y0 = segments[.., .., 1..2];
        var dx = segments[.., .., 2..3] - x0;
        var dy = segments[.., .., 3..4] - y0;
        var lengthSquared = (dx * dx + dy * dy).clamp_min(1e-6);
        var along = (((px - x0) * dx + (py - y0) * dy) / lengthSquared).clamp(0, 1);
        var distance = ((px - x0 - along * dx).square() + (py - y0 - along * dy).square()).sqrt();
        var nearest = distance.min(1).values;
        return (penWidth / 2 + 0.5 - nearest).clamp(0, 1);
    }

    /// <summary>A uniform draw in [0, 1) mapped onto [<paramref name="low"/>, <paramref name="high"/>).</summary>
    private static Tensor Between(Tensor draw, double low, double high) => draw.mul(high - low).add_(low);

    /// <summary>
    /// Every uniform draw the strokes use, one row per kind and one column per image of the whole batch, so a seed
    /// gives each image the same stroke however many others in its batch are styled.
    /// </summary>
    private sealed class StyleDraws(Tensor rows)
    {
        private const int Kinds = 9;

        public Tensor FlagLength => rows[0];
        public Tensor FlagAngle => rows[1];
        public Tensor BarRow => rows[2];
        public Tensor BarHalfLength => rows[3];
        public Tensor BarTilt => rows[4];
        public Tensor TailRadius => rows[5];
        public Tensor TailSweep => rows[6];
        public Tensor PenWidth => rows[7];
        public Tensor Strength => rows[8];

        public static StyleDraws For(long count, Device device) => new(rand(Kinds, count, device: device));

        /// <summary>The draws of the images at <paramref name="indices"/>.</summary>
        public StyleDraws Select(Tensor indices) => new(rows.index_select(1, indices));
    }

    /// <summary>
    /// Each image's ink (pixels above the threshold, as 0 or 1) and where it starts and ends: top and bottom rows, the
    /// ink's x at the top, height and centre; <see cref="Columns"/> holds the pixel centres' x.
    /// </summary>
    private sealed record InkGeometry(Tensor Ink, Tensor Columns, Tensor Top, Tensor Bottom, Tensor TopX, Tensor Height, Tensor CentreX)
    {
        public static InkGeometry Of(Tensor images, float threshold)
        {
            var rows = images.shape[1];
            var device = images.device;
            var ink = images.gt(threshold).to(ScalarType.Float32);
            var columns = arange(images.shape[2], dtype: ScalarType.Float32, device: device).add_(0.5);
            var rowHasInk = ink.amax(2);
            var rowIndex = arange(rows, dtype: ScalarType.Float32, device: device);
            var hasAny = rowHasInk.amax(1).gt(0);
            var top = where(hasAny, (rowHasInk * (rows - rowIndex)).amax(1).neg().add(rows), full_like(hasAny, rows / 2f, dtype: ScalarType.Float32));
            var bottom = where(hasAny, (rowHasInk * (rowIndex + 1)).amax(1).sub(1), full_like(hasAny, rows / 2f, dtype: ScalarType.Float32));
            var totalInk = ink.sum([1, 2]).clamp_min(1);
            var centreX = (ink.sum(1) * columns).sum(1) / totalInk;
            var topX = XOfRows(ink, columns, top, centreX);
            return new InkGeometry(ink, columns, top.add(0.5), bottom.add(0.5), topX, (bottom - top + 1).clamp_min(1), centreX);
        }

        /// <summary>The ink's mean x over <paramref name="row"/> and the row below it, or the fallback where they have none.</summary>
        public Tensor XOfRows(Tensor row, Tensor fallback) => XOfRows(Ink, Columns, row, fallback);

        private static Tensor XOfRows(Tensor ink, Tensor columns, Tensor row, Tensor fallback)
        {
            var count = ink.shape[0];
            var rows = ink.shape[1];
            var next = (row + 1).clamp(0, rows - 1);
            var picked = stack([row, next], dim: 1).to(ScalarType.Int64).reshape(count, 2, 1).expand(count, 2, ink.shape[2]);
            var band = ink.gather(1, picked);
            var inkInBand = band.sum([1, 2]);
            return where(inkInBand.gt(0), (band.sum(1) * columns).sum(1) / inkInBand.clamp_min(1), fallback);
        }
    }
}
