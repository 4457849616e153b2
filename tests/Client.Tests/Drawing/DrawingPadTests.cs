using Bunit;
using Microsoft.AspNetCore.Components;
using MnistBlazor.Client.Drawing;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Client.Tests.Drawing;

/// <summary>
/// The pad owns the strokes: strokes from the canvas module, undo and clear (from its keys or the buttons)
/// change the pad's list, and the canvas module is then told what to show. The module is set up strictly,
/// so a call it does not offer fails the test.
/// </summary>
public sealed class DrawingPadTests : BunitContext
{
    private static readonly float[] VerticalStroke = [140, 40, 141, 90, 140, 140, 139, 190, 140, 240];
    private static readonly float[] HorizontalStroke = [100, 100, 180, 100];
    private static readonly float[] Dot = [60, 60];

    private readonly BunitJSModuleInterop module;
    private readonly List<StrokeDrawing> changes = [];

    public DrawingPadTests()
    {
        module = JSInterop.SetupModule("./_content/MnistBlazor.Client/Drawing/DrawingPad.razor.js");
        module.SetupVoid("attach", _ => true).SetVoidResult();
        module.SetupVoid("showStrokes", _ => true).SetVoidResult();
    }

    private IRenderedComponent<DrawingPad> RenderPad() =>
        Render<DrawingPad>(p => p.Add(x => x.DrawingChanged, (StrokeDrawing drawing) => changes.Add(drawing)));

    [Fact]
    public async Task A_stroke_from_the_canvas_is_added_reported_and_shown_back_as_answered()
    {
        var pad = RenderPad();
        Assert.True(pad.Find("[data-testid=undo]").HasAttribute("disabled"));

        await pad.InvokeAsync(() => pad.Instance.OnStrokeFinished(7, VerticalStroke, 24));

        var stroke = Assert.Single(pad.Instance.Strokes);
        Assert.Equal(24, stroke.Width);
        Assert.Equal(VerticalStroke, stroke.Points.SelectMany(p => new[] { p.X, p.Y }));
        var changed = Assert.Single(changes);
        Assert.Equal(pad.Instance.Strokes, changed.Strokes);
        Assert.Equal(DrawingPad.CanvasSide, changed.Width);
        var shown = module.VerifyInvoke("showStrokes");
        Assert.Equal(Describe(pad.Instance.Strokes), Describe(ShownStrokes(shown)));
        Assert.Equal(7, shown.Arguments[2]);
        Assert.False(pad.Find("[data-testid=undo]").HasAttribute("disabled"));
        Assert.Empty(pad.FindAll(".drawing-pad__hint"));
    }

    [Fact]
    public async Task A_backdrop_takes_the_hints_place_on_the_empty_pad_and_goes_with_the_first_stroke()
    {
        var pad = Render<DrawingPad>(p => p.Add(x => x.Backdrop, (RenderFragment)(b => b.AddMarkupContent(0, "<div data-testid=\"backdrop\"></div>"))));
        Assert.NotNull(pad.Find("[data-testid=backdrop]"));
        Assert.Empty(pad.FindAll(".drawing-pad__hint"));

        await pad.InvokeAsync(() => pad.Instance.OnStrokeFinished(1, VerticalStroke, 24));

        Assert.Empty(pad.FindAll("[data-testid=backdrop]"));
        Assert.Empty(pad.FindAll(".drawing-pad__hint"));
    }

    [Theory]
    [InlineData("undo", "key")]
    [InlineData("undo", "button")]
    [InlineData("clear", "key")]
    [InlineData("clear", "button")]
    public async Task Undo_and_clear_give_the_same_drawing_from_a_key_as_from_the_button_and_show_it(string action, string from)
    {
        var pad = RenderPad();
        await pad.InvokeAsync(() => pad.Instance.OnStrokeFinished(1, VerticalStroke, 20));
        await pad.InvokeAsync(() => pad.Instance.OnStrokeFinished(2, HorizontalStroke, 20));
        await pad.InvokeAsync(() => pad.Instance.OnStrokeFinished(3, Dot, 30));
        var expected = action == "undo" ? pad.Instance.Strokes.Take(2).ToArray() : [];

        if (from == "key")
        {
            // What the canvas module's Ctrl+Z and Escape/Delete invoke.
            await pad.InvokeAsync(() => action == "undo" ? pad.Instance.UndoAsync() : pad.Instance.ClearAsync());
        }
        else
        {
            await pad.Find($"[data-testid={action}]").ClickAsync(new());
        }

        Assert.Equal(expected, pad.Instance.Strokes);
        Assert.Equal(4, changes.Count);
        Assert.Equal(expected, changes[^1].Strokes);
        var shown = module.Invocations["showStrokes"];
        Assert.Equal(4, shown.Count);
        Assert.Equal(Describe(expected), Describe(ShownStrokes(shown[^1])));
        Assert.Equal(3, shown[^1].Arguments[2]);
        Assert.False(pad.Find("[data-testid=undo]").HasAttribute("disabled")); // a clear too can be undone
        Assert.Equal(action == "clear", pad.Find("[data-testid=redo]").HasAttribute("disabled"));
    }

    [Theory]
    [InlineData("key")]
    [InlineData("button")]
    public async Task A_clear_is_undone_with_every_stroke_back_and_redone_from_a_key_as_from_the_button(string from)
    {
        var pad = RenderPad();
        await pad.InvokeAsync(() => pad.Instance.OnStrokeFinished(1, VerticalStroke, 20));
        await pad.InvokeAsync(() => pad.Instance.OnStrokeFinished(2, HorizontalStroke, 20));
        var drawn = pad.Instance.Strokes.ToArray();
        await pad.Find("[data-testid=clear]").ClickAsync(new());

        await Act("undo");
        Assert.Equal(drawn, pad.Instance.Strokes);
        Assert.Equal(drawn, changes[^1].Strokes);
        Assert.Equal(Describe(drawn), Describe(ShownStrokes(module.Invocations["showStrokes"][^1])));
        Assert.False(pad.Find("[data-testid=redo]").HasAttribute("disabled"));

        await Act("redo");
        Assert.Empty(pad.Instance.Strokes);
        Assert.Empty(changes[^1].Strokes);
        Assert.True(pad.Find("[data-testid=redo]").HasAttribute("disabled"));
        Assert.Equal(5, changes.Count);

        async Task Act(string action)
        {
            if (from == "key")
            {
                // What the canvas module's Ctrl+Z and Ctrl+Shift+Z (or Ctrl+Y) invoke.
                await pad.InvokeAsync(() => action == "undo" ? pad.Instance.UndoAsync() : pad.Instance.RedoAsync());
            }
            else
            {
                await pad.Find($"[data-testid={action}]").ClickAsync(new());
            }
        }
    }

    [Fact]
    public async Task Strokes_undone_come_back_in_order_until_a_new_stroke_drops_what_was_left_to_redo()
    {
        var pad = RenderPad();
        await pad.InvokeAsync(() => pad.Instance.OnStrokeFinished(1, VerticalStroke, 20));
        await pad.InvokeAsync(() => pad.Instance.OnStrokeFinished(2, HorizontalStroke, 20));
        await pad.InvokeAsync(() => pad.Instance.OnStrokeFinished(3, Dot, 30));
        var drawn = pad.Instance.Strokes.ToArray();

        await pad.InvokeAsync(() => pad.Instance.UndoAsync());
        await pad.InvokeAsync(() => pad.Instance.UndoAsync());
        Assert.Equal(drawn.Take(1), pad.Instance.Strokes);
        await pad.InvokeAsync(() => pad.Instance.RedoAsync());
        Assert.Equal(drawn.Take(2), pad.Instance.Strokes);

        await pad.InvokeAsync(() => pad.Instance.OnStrokeFinished(4, Dot, 20));
        Assert.True(pad.Find("[data-testid=redo]").HasAttribute("disabled"));
        var changesBefore = changes.Count;
        await pad.InvokeAsync(() => pad.Instance.RedoAsync());
        Assert.Equal(changesBefore, changes.Count); // nothing left to redo: no change reported
        Assert.Equal([.. drawn.Take(2), pad.Instance.Strokes[^1]], pad.Instance.Strokes);
        Assert.Equal(20, pad.Instance.Strokes[^1].Width);
    }

    [Fact]
    public async Task Undo_redo_and_clear_on_a_blank_pad_change_and_show_nothing()
    {
        var pad = RenderPad();
        Assert.True(pad.Find("[data-testid=redo]").HasAttribute("disabled"));

        await pad.InvokeAsync(() => pad.Instance.UndoAsync());
        await pad.InvokeAsync(() => pad.Instance.RedoAsync());
        await pad.InvokeAsync(() => pad.Instance.ClearAsync());

        Assert.Empty(pad.Instance.Strokes);
        Assert.Empty(changes);
        module.VerifyNotInvoke("showStrokes");
    }

    [Fact]
    public async Task A_malformed_stroke_is_not_kept_but_answered_so_the_canvas_drops_it()
    {
        var pad = RenderPad();
        await pad.InvokeAsync(() => pad.Instance.OnStrokeFinished(1, VerticalStroke, 20));

        await pad.InvokeAsync(() => pad.Instance.OnStrokeFinished(2, [1, 2, 3], 20));

        Assert.Single(pad.Instance.Strokes);
        Assert.Single(changes);
        var shown = module.Invocations["showStrokes"];
        Assert.Equal(2, shown.Count);
        Assert.Equal(Describe(pad.Instance.Strokes), Describe(ShownStrokes(shown[^1])));
        Assert.Equal(2, shown[^1].Arguments[2]);
    }

    [Fact]
    public async Task Strokes_faded_for_the_drawing_the_pad_holds_are_shown_faded_until_the_strokes_change()
    {
        var pad = RenderPad();
        await pad.InvokeAsync(() => pad.Instance.OnStrokeFinished(1, VerticalStroke, 20));
        await pad.InvokeAsync(() => pad.Instance.OnStrokeFinished(2, Dot, 20));
        var held = pad.Instance.Drawing;
        var before = module.Invocations["showStrokes"].Count;

        await pad.InvokeAsync(() => pad.Instance.FadeAsync(changes[0], [0])); // an older drawing: nothing to fade
        Assert.Equal(before, module.Invocations["showStrokes"].Count);

        await pad.InvokeAsync(() => pad.Instance.FadeAsync(held, [1]));
        Assert.Equal([false, true], Faded(module.Invocations["showStrokes"][^1]));

        await pad.InvokeAsync(() => pad.Instance.OnStrokeFinished(3, HorizontalStroke, 20));
        Assert.Equal([false, false, false], Faded(module.Invocations["showStrokes"][^1]));

        static IEnumerable<bool> Faded(JSRuntimeInvocation shown) => Assert.IsType<PadStroke[]>(shown.Arguments[1]).Select(stroke => stroke.Faded);
    }

    [Fact]
    public async Task A_loaded_drawing_is_scaled_to_the_pad_shown_and_then_undone_like_a_drawn_one()
    {
        var pad = RenderPad();
        var half = DrawingPad.CanvasSide / 2;
        var drawing = new StrokeDrawing(half, half,
        [
            new Stroke([new StrokePoint(10, 10), new StrokePoint(100, 100)], 10),
            new Stroke([new StrokePoint(70, 20)], 12),
        ]);

        await pad.InvokeAsync(() => pad.Instance.LoadAsync(drawing));

        Assert.Empty(changes); // the caller knows what it loaded
        Assert.Equal("20:20,20,200,200;24:140,40", Describe(pad.Instance.Strokes));
        Assert.Equal(Describe(pad.Instance.Strokes), Describe(ShownStrokes(module.VerifyInvoke("showStrokes"))));

        await pad.InvokeAsync(() => pad.Instance.UndoAsync());

        Assert.Equal("20:20,20,200,200", Describe(Assert.Single(changes).Strokes));
        Assert.Equal("20:20,20,200,200", Describe(ShownStrokes(module.Invocations["showStrokes"][^1])));
    }

    [Fact]
    public async Task A_loaded_drawing_starts_the_pads_history_so_undo_never_brings_back_what_was_there_before()
    {
        var pad = RenderPad();
        await pad.InvokeAsync(() => pad.Instance.OnStrokeFinished(1, VerticalStroke, 20));
        await pad.InvokeAsync(() => pad.Instance.ClearAsync());
        var loaded = new StrokeDrawing(DrawingPad.CanvasSide, DrawingPad.CanvasSide, [new Stroke([new StrokePoint(70, 20), new StrokePoint(70, 200)], 12)]);

        await pad.InvokeAsync(() => pad.Instance.LoadAsync(loaded));
        await pad.InvokeAsync(() => pad.Instance.UndoAsync());
        await pad.InvokeAsync(() => pad.Instance.UndoAsync());

        Assert.Empty(pad.Instance.Strokes); // the loaded stroke is off, and the cleared one does not come back
        Assert.True(pad.Find("[data-testid=undo]").HasAttribute("disabled"));
        await pad.InvokeAsync(() => pad.Instance.RedoAsync());
        Assert.Equal("12:70,20,70,200", Describe(pad.Instance.Strokes));
    }

    [Fact]
    public void The_pen_width_slider_is_shown_and_handed_to_the_canvas_module()
    {
        var pad = RenderPad();

        pad.Find("[data-testid=pen-width]").Change("32");

        Assert.Equal(32, pad.Instance.PenWidth);
        Assert.Equal("32", pad.Find(".pen-width output").TextContent);
        Assert.IsType<ElementReference>(module.VerifyInvoke("attach").Arguments[4]);
        Assert.Empty(changes);
    }

    [Fact]
    public void A_pen_width_outside_the_slider_range_is_clamped()
    {
        var pad = RenderPad();

        pad.Find("[data-testid=pen-width]").Change("500");

        Assert.Equal(DrawingPad.MaxPenWidth, pad.Instance.PenWidth);
    }

    private static IEnumerable<Stroke> ShownStrokes(JSRuntimeInvocation showStrokes) =>
        Assert.IsType<PadStroke[]>(showStrokes.Arguments[1]).Select(s => new Stroke(s.Points.Select(p => new StrokePoint(p[0], p[1])).ToArray(), s.Width));

    /// <summary>Strokes as "width:x0,y0,x1,y1;..." so lists of different instances compare by value.</summary>
    private static string Describe(IEnumerable<Stroke> strokes) =>
        string.Join(';', strokes.Select(s => FormattableString.Invariant($"{s.Width}:{string.Join(',', s.Points.SelectMany(p => new[] { p.X, p.Y }).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)))}")));
}
