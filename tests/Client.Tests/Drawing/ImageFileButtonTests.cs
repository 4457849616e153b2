using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using MnistBlazor.Client.Drawing;
using MnistBlazor.Client.Tests.Support;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Client.Tests.Drawing;

/// <summary>
/// A photo larger than the server reads is scaled down by the browser (the module), and an image of another format
/// converted to PNG, which the page sends instead of the file; the module answers nothing for any other file, which
/// then goes as it is. The module is set up strictly.
/// </summary>
public sealed class ImageFileButtonTests : BunitContext
{
    private static readonly byte[] FileContent = [0xFF, 0xD8, 0xFF, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    private readonly FakeDigitImageReader reader = new() { MaxImageSide = 4096, MaxImagePixels = 4_194_304 };
    private readonly BunitJSModuleInterop module;
    private readonly List<OpenedImageFile> opened = [];
    private readonly JSRuntimeInvocationHandler accepting;
    private readonly JSRuntimeInvocationHandler stopping;
    private readonly JSRuntimeInvocationHandler<string?> showing;
    private readonly JSRuntimeInvocationHandler readying;

    public ImageFileButtonTests()
    {
        Services.AddSingleton<IDigitImageReader>(reader);
        module = JSInterop.SetupModule("./_content/MnistBlazor.Client/Drawing/ImageFileButton.razor.js");
        accepting = module.SetupVoid("acceptDropsAndPastes", _ => true);
        accepting.SetVoidResult();
        stopping = module.SetupVoid("stopAcceptingDropsAndPastes", _ => true);
        stopping.SetVoidResult();
        showing = module.Setup<string?>("urlOfSentImage", _ => true);
        showing.SetResult("blob:sent");
        readying = module.SetupVoid("readyForNextFile", _ => true);
        readying.SetVoidResult();
    }

    private IRenderedComponent<ImageFileButton> Open(string name, byte[] content, string contentType = "image/jpeg")
    {
        var button = Render<ImageFileButton>(p => p.Add(b => b.Opened, (OpenedImageFile file) => opened.Add(file)));
        button.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(content, name, contentType: contentType));
        button.WaitForAssertion(() => Assert.Single(opened), TimeSpan.FromSeconds(10));
        return button;
    }

    [Fact]
    public void A_photo_scaled_down_by_the_browser_is_read_in_place_of_the_file_however_large_the_file()
    {
        byte[] scaled = [0xFF, 0xD8, 0xFF, 42];
        var fromTheBrowser = new BytesFromTheBrowser(scaled);
        var fit = module.Setup<IJSStreamReference?>("prepareForServer", _ => true);
        fit.SetResult(fromTheBrowser);
        reader.MaxBytes = 8; // the file itself is larger than what is read

        Open("IMG_0001.jpg", FileContent);

        var (name, content) = Assert.Single(reader.Received);
        Assert.Equal("IMG_0001.jpg", name);
        Assert.Equal(scaled, content);
        Assert.True(fromTheBrowser.Disposed);
        Assert.Equal(BrowserPreparation.ScaledDown, Assert.Single(opened).Preparation);
        Assert.StartsWith("Your browser scaled the image down", opened[0].PreparationNote);
        var arguments = Assert.Single(fit.Invocations).Arguments;
        Assert.Equal([4096, 4_194_304L, 8L], arguments.Skip(1));
    }

    [Fact]
    public void An_image_the_browser_leaves_as_it_is_is_read_from_the_file_within_the_file_size_limit()
    {
        module.Setup<IJSStreamReference?>("prepareForServer", _ => true).SetResult(new BytesFromTheBrowser([]));

        Open("scan.jpg", FileContent);

        Assert.Equal(FileContent, Assert.Single(reader.Received).Content);
        Assert.Equal(BrowserPreparation.None, Assert.Single(opened).Preparation);
        Assert.Null(opened[0].PreparationNote);

        opened.Clear();
        reader.MaxBytes = 8;
        Open("large scan.jpg", FileContent);

        Assert.Single(reader.Received);
        Assert.Equal("large scan.jpg is 1 KB; images up to 1 KB are read.", opened[0].Read.Problem);
    }

    [Fact]
    public void An_image_of_another_format_is_read_as_the_png_the_browser_converted_it_to()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 42];
        module.Setup<IJSStreamReference?>("prepareForServer", _ => true).SetResult(new BytesFromTheBrowser(png));

        Open("screenshot.webp", [0x52, 0x49, 0x46, 0x46, 1, 2, 3], contentType: "image/webp");

        var (name, content) = Assert.Single(reader.Received);
        Assert.Equal("screenshot.webp", name);
        Assert.Equal(png, content);
        Assert.Equal(BrowserPreparation.ConvertedToPng, Assert.Single(opened).Preparation);
        Assert.StartsWith("Your browser converted it to PNG", opened[0].PreparationNote);
    }

    [Fact]
    public void The_page_is_told_where_the_browser_shows_an_image_read_and_the_input_then_takes_the_same_file_again()
    {
        module.Setup<IJSStreamReference?>("prepareForServer", _ => true).SetResult(new BytesFromTheBrowser([]));
        var seven = DigitPreprocessor.Preprocess(DrawingPadGeometry.TypicalSeven);
        reader.Answer = new ImageDigit(seven, null) { DecodedSize = (560, 280) };

        Open("seven.jpg", FileContent);

        var preview = Assert.Single(opened).Preview;
        Assert.NotNull(preview);
        Assert.Equal(("blob:sent", 560, 280), (preview.Url, preview.Width, preview.Height));
        Assert.Equal([seven.SourceBounds], preview.InkRead);
        Assert.Single(readying.Invocations);

        opened.Clear();
        reader.Answer = ImageDigit.Refused("broken.jpg: the JPEG data ends early.");
        Open("broken.jpg", FileContent);

        Assert.Null(Assert.Single(opened).Preview);
        Assert.Single(showing.Invocations); // not asked for the refused file
        Assert.Equal(2, readying.Invocations.Count);
    }

    [Fact]
    public async Task A_part_of_the_image_opened_is_read_as_the_browser_cuts_it_out_and_then_the_whole_again()
    {
        module.Setup<IJSStreamReference?>("prepareForServer", _ => true).SetResult(new BytesFromTheBrowser([]));
        byte[] part = [0xFF, 0xD8, 0xFF, 7];
        var cutting = module.Setup<IJSStreamReference?>("cropSentImage", _ => true);
        cutting.SetResult(new BytesFromTheBrowser(part));
        module.Setup<IJSStreamReference?>("wholeSentImage", _ => true).SetResult(new BytesFromTheBrowser(FileContent));
        reader.Answer = new ImageDigit(DigitPreprocessor.Preprocess(DrawingPadGeometry.TypicalSeven), null) { DecodedSize = (280, 280) };
        var button = Render<ImageFileButton>(p => p.Add(b => b.Opened, (OpenedImageFile file) => opened.Add(file)));
        var chosen = new ImagePart(0.1, 0.2, 0.5, 0.6);

        await button.InvokeAsync(() => button.Instance.ReadPartAsync(chosen)); // nothing opened yet
        Assert.Empty(opened);
        button.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(FileContent, "page.jpg", contentType: "image/jpeg"));
        button.WaitForAssertion(() => Assert.Single(opened), TimeSpan.FromSeconds(10));

        await button.InvokeAsync(() => button.Instance.ReadPartAsync(chosen));

        Assert.Equal(2, opened.Count);
        Assert.Equal([0.1, 0.2, 0.5, 0.6], Assert.Single(cutting.Invocations).Arguments.Skip(1));
        Assert.Equal("page.jpg", reader.Received[^1].FileName);
        Assert.Equal(part, reader.Received[^1].Content);
        Assert.Equal(chosen, opened[^1].Part);
        Assert.Equal("page.jpg", opened[^1].FileName);
        Assert.NotNull(opened[^1].Preview);

        await button.InvokeAsync(() => button.Instance.ReadWholeAsync());

        Assert.Equal(3, opened.Count);
        Assert.Equal(FileContent, reader.Received[^1].Content);
        Assert.Null(opened[^1].Part);
    }

    [Fact]
    public async Task A_part_the_browser_cannot_cut_out_is_said_to_be_so_and_a_slip_of_the_pointer_is_no_part()
    {
        module.Setup<IJSStreamReference?>("prepareForServer", _ => true).SetResult(new BytesFromTheBrowser([]));
        var cutting = module.Setup<IJSStreamReference?>("cropSentImage", _ => true);
        cutting.SetResult(new BytesFromTheBrowser([]));
        reader.Answer = new ImageDigit(DigitPreprocessor.Preprocess(DrawingPadGeometry.TypicalSeven), null) { DecodedSize = (280, 280) };
        var button = Open("page.png", FileContent, "image/png");

        await button.InvokeAsync(() => button.Instance.ReadPartAsync(new ImagePart(0.1, 0.1, 0.01, 0.5)));
        Assert.Empty(cutting.Invocations);

        await button.InvokeAsync(() => button.Instance.ReadPartAsync(new ImagePart(0.1, 0.1, 0.5, 0.5)));

        Assert.Equal("page.png: your browser could not cut out that part.", opened[^1].Read.Problem);
        Assert.Single(reader.Received); // the file only
    }

    [Fact]
    public async Task Images_dropped_onto_the_page_or_pasted_are_accepted_while_the_button_is_there()
    {
        Render<ImageFileButton>();

        var input = Assert.Single(accepting.Invocations).Arguments.Single();
        Assert.IsType<ElementReference>(input);
        Assert.Empty(stopping.Invocations);

        await DisposeComponentsAsync();

        Assert.Equal(input, Assert.Single(stopping.Invocations).Arguments.Single());
    }
}
