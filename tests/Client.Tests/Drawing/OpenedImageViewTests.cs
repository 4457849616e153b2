using Bunit;
using Microsoft.AspNetCore.Components;
using MnistBlazor.Client.Drawing;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Client.Tests.Drawing;

/// <summary>
/// The opened image on the pad: its ink boxed, and, while a part is chosen, a box on it (dragged, or moved with the
/// arrow keys from around the ink read; the module, set up strictly) marks the part to read.
/// </summary>
public sealed class OpenedImageViewTests : BunitContext
{
    private static readonly OpenedImagePreview Page = new("blob:page", "page.png", 400, 300, [new PixelBox(40, 30, 100, 150), new PixelBox(200, 30, 100, 150)]);
    private readonly BunitJSModuleInterop module;
    private readonly List<ImagePart> chosen = [];
    private int calledOff;

    public OpenedImageViewTests()
    {
        module = JSInterop.SetupModule("./_content/MnistBlazor.Client/Drawing/OpenedImageView.razor.js");
        module.SetupVoid("startChoosing", _ => true).SetVoidResult();
        module.SetupVoid("stopChoosing", _ => true).SetVoidResult();
    }

    private IRenderedComponent<OpenedImageView> RenderView(bool choosing) => Render<OpenedImageView>(p => p
        .Add(v => v.Preview, Page)
        .Add(v => v.Selected, 1)
        .Add(v => v.Choosing, choosing)
        .Add(v => v.PartChosen, (ImagePart part) => chosen.Add(part))
        .Add(v => v.ChoosingCalledOff, () => calledOff++));

    [Fact]
    public void The_ink_read_is_boxed_the_digit_shown_standing_out_and_nothing_is_chosen()
    {
        var view = RenderView(choosing: false);

        var boxes = view.FindAll("[data-testid=opened-image-ink-read]");
        Assert.Equal(["left: 10%; top: 10%; width: 25%; height: 50%", "left: 50%; top: 10%; width: 25%; height: 50%"], boxes.Select(b => b.GetAttribute("style")));
        Assert.Equal([false, true], boxes.Select(b => b.ClassList.Contains("opened-image__ink-read--selected")));
        Assert.Empty(module.Invocations);
    }

    [Fact]
    public async Task While_choosing_a_box_dragged_on_the_picture_is_the_part_chosen_and_the_ink_boxes_step_aside()
    {
        var view = RenderView(choosing: true);

        var start = Assert.Single(module.Invocations, i => i.Identifier == "startChoosing").Arguments;
        var frame = Assert.IsType<ElementReference>(start[0]);
        Assert.Equal(Page.StartingPart, start[2]); // around the ink read, for the arrow keys to move and size
        Assert.Empty(view.FindAll("[data-testid=opened-image-ink-read]"));
        Assert.Contains("opened-image--choosing", view.Find("[data-testid=opened-image]").ClassList);

        await view.InvokeAsync(() => view.Instance.OnPartChosen(0.1, 0.2, 0.005, 0.5)); // a slip of the pointer
        await view.InvokeAsync(() => view.Instance.OnPartChosen(0.1, 0.2, 0.3, 0.5));

        Assert.Equal([new ImagePart(0.1, 0.2, 0.3, 0.5)], chosen);
        await view.InvokeAsync(view.Instance.OnChoosingCalledOff); // Escape
        Assert.Equal(1, calledOff);

        view.Render(p => p.Add(v => v.Choosing, false));

        Assert.Equal([frame], Assert.Single(module.Invocations, i => i.Identifier == "stopChoosing").Arguments);
        Assert.Equal(2, view.FindAll("[data-testid=opened-image-ink-read]").Count);
        await view.InvokeAsync(() => view.Instance.OnPartChosen(0.1, 0.2, 0.3, 0.5)); // late, after choosing ended
        await view.InvokeAsync(view.Instance.OnChoosingCalledOff);
        Assert.Single(chosen);
        Assert.Equal(1, calledOff);
    }
}
