using Microsoft.Playwright;
using MnistBlazor.Server.Tests.Support;

namespace MnistBlazor.EndToEnd.Tests;

[CollectionDefinition(nameof(BrowserCollection))]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>;

[Collection(nameof(BrowserCollection))]
public sealed class DrawingPageTests(BrowserFixture fixture) : IAsyncLifetime
{
    private static readonly string[] CardIds = ["nn", "simple-cnn", "cnn-proj", "cnn-quad", "ensemble"];
    private IBrowserContext context = default!;
    private IPage page = default!;

    public async Task InitializeAsync()
    {
        (context, page) = await DrawingPage.OpenAsync(fixture.Browser, fixture.Server.Address);
    }

    public async Task DisposeAsync() => await context.CloseAsync();

    [Fact]
    public async Task Drawing_with_the_mouse_updates_the_preview_and_every_models_card()
    {
        await Assertions.Expect(page.Locator("[data-testid=verdict-summary]")).ToContainTextAsync("Draw a digit");
        await Assertions.Expect(page.Locator("[data-testid=predicted-digit]")).ToHaveCountAsync(0);

        await DrawAsync((0.5, 0.15), (0.52, 0.5), (0.5, 0.85));

        await Assertions.Expect(page.Locator("[data-testid=model-card-nn] [data-testid=predicted-digit]")).ToHaveTextAsync("4");
        foreach (var id in CardIds)
        {
            var card = page.Locator($"[data-testid=model-card-{id}]");
            await Assertions.Expect(card).ToHaveAttributeAsync("data-state", "answered");
            await Assertions.Expect(card.Locator("[data-testid=predicted-digit]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9]$"));
            await Assertions.Expect(card.Locator("[data-testid=confidence]")).ToContainTextAsync("%");
            // Plotly drew the probability chart.
            await Assertions.Expect(card.Locator("[data-testid=probabilities] .main-svg").First).ToBeVisibleAsync();
        }

        Assert.True(await InkPixelsAsync() > 10);
        await Assertions.Expect(page.Locator("[data-testid^=quadrant-]")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("[data-testid=model-card-nn]")).ToHaveAttributeAsync("data-disagrees", "true");
        var ensembleDigit = await page.Locator("[data-testid=model-card-ensemble] [data-testid=predicted-digit]").TextContentAsync();
        await Assertions.Expect(page.Locator("[data-testid=pad-answer-value]")).ToHaveTextAsync(ensembleDigit!);
        await Assertions.Expect(page.Locator("[data-testid=pad-answer-detail]")).ToContainTextAsync("the models disagree");
        await Assertions.Expect(page.Locator("[data-testid=pad-shortcuts]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Two_digits_drawn_side_by_side_are_read_as_a_number_and_offered_for_saving_one_by_one()
    {
        await DrawAsync((0.25, 0.2), (0.25, 0.8));
        await DrawAsync((0.75, 0.2), (0.75, 0.8));

        await Assertions.Expect(page.Locator("[data-testid=number-text]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9?]{2}$"));
        var first = page.Locator("[data-testid=number-digit-0]");
        var second = page.Locator("[data-testid=number-digit-1]");
        await Assertions.Expect(first).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(page.Locator("[data-testid=several-digits]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=save-not-available]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=save-drawing]")).ToBeEnabledAsync();
        await Assertions.Expect(page.Locator("[data-testid=save-drawing]"))
            .ToHaveTextAsync($"Save as digit {await first.Locator("[data-testid=number-digit-read]").TextContentAsync()}");

        await second.ClickAsync();

        await Assertions.Expect(second).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(first).ToHaveAttributeAsync("aria-pressed", "false");
        await Assertions.Expect(page.Locator("[data-testid=model-card-ensemble] [data-testid=predicted-digit]"))
            .ToHaveTextAsync((await second.Locator("[data-testid=number-digit-read]").TextContentAsync())!);
    }

    [Fact]
    public async Task A_tap_apart_from_the_digit_is_left_out_of_what_the_models_see_and_a_dash_before_it_is_its_sign()
    {
        await DrawAsync((0.5, 0.15), (0.52, 0.5), (0.5, 0.85));
        await Assertions.Expect(page.Locator("[data-testid=model-card-ensemble] [data-testid=predicted-digit]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9]$"));
        var alone = await InkPixelsAsync();

        await DrawAsync((0.1, 0.9)); // the pen put down and lifted in one place

        await Assertions.Expect(page.Locator("[data-testid=strokes-left-out]")).ToHaveAttributeAsync("data-strokes", "1");
        Assert.Equal(alone, await InkPixelsAsync());
        await WaitUntilAsync(async () => await OpacityAtAsync(Canvas, 0.1, 0.9) is > 0 and < 128); // faded on the pad
        Assert.Equal(255, await OpacityAtAsync(Canvas, 0.52, 0.5));

        await DrawAsync((0.2, 0.5), (0.35, 0.5)); // a minus sign before the digit

        await Assertions.Expect(page.Locator("[data-testid=number-text]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^-[0-9?]$"));
        await Assertions.Expect(page.Locator("[data-testid=number-minus]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=strokes-left-out]")).ToHaveAttributeAsync("data-strokes", "1");
    }

    [Fact]
    public async Task A_minus_sign_and_a_decimal_point_touching_the_digits_are_read_in_their_places()
    {
        await DrawAsync((0.05, 0.5), (0.17, 0.5)); // a minus sign touching the first digit
        await DrawAsync((0.24, 0.2), (0.24, 0.8));
        await DrawAsync((0.31, 0.8), (0.311, 0.801)); // a point on the line, touching both digits
        await DrawAsync((0.38, 0.2), (0.38, 0.8));

        await Assertions.Expect(page.Locator("[data-testid=number-text]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^-[0-9?]\.[0-9?]$"));
        await Assertions.Expect(page.Locator("[data-testid=number-minus]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=number-decimal-point]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=number-reading] button.number-reading__digit")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task Two_digits_side_by_side_can_be_read_as_one_digit_and_as_the_number_again()
    {
        await DrawAsync((0.3, 0.25), (0.3, 0.75));
        await DrawAsync((0.65, 0.25), (0.65, 0.75));
        await Assertions.Expect(page.Locator("[data-testid=number-reading] button.number-reading__digit")).ToHaveCountAsync(2);
        var number = await page.GetByTestId("number-text").TextContentAsync();

        await page.GetByTestId("number-read-as-one").ClickAsync();

        await Assertions.Expect(page.GetByTestId("number-reading")).ToHaveAttributeAsync("data-read-as", "one-digit");
        await Assertions.Expect(page.Locator("[data-testid=number-reading] button.number-reading__digit")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("pad-answer-value")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9?]$"));
        await Assertions.Expect(page.GetByTestId("verdicts-title")).ToHaveTextAsync("Every model's verdict");

        await page.GetByTestId("number-read-as-number").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=number-reading] button.number-reading__digit")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("pad-answer-value")).ToHaveTextAsync(number!);
    }

    [Fact]
    public async Task An_opened_image_file_is_classified_and_drawing_afterwards_takes_its_place()
    {
        await page.GetByTestId("open-image-input").SetInputFilesAsync(DrawingPage.OneOnPaper);

        await Assertions.Expect(page.GetByTestId("image-sample-name")).ToHaveTextAsync("one on paper.png");
        await Assertions.Expect(page.GetByTestId("image-sample-prepared")).ToHaveCountAsync(0);
        foreach (var id in CardIds)
        {
            await Assertions.Expect(page.Locator($"[data-testid=model-card-{id}]")).ToHaveAttributeAsync("data-state", "answered");
        }

        Assert.True(await InkPixelsAsync() > 10);

        await page.GetByTestId("open-image-input").SetInputFilesAsync(new FilePayload
        {
            Name = "notes.txt",
            MimeType = "text/plain",
            Buffer = "a shopping list"u8.ToArray(),
        });
        await Assertions.Expect(page.GetByTestId("image-sample-problem")).ToHaveTextAsync(
            "notes.txt is not a PNG or JPEG image; save or export it as one (a photo as JPEG) and open it again.");
        await Assertions.Expect(page.Locator("[data-testid=predicted-digit]")).ToHaveCountAsync(0);

        await DrawAsync((0.5, 0.15), (0.52, 0.5), (0.5, 0.85));
        await Assertions.Expect(page.GetByTestId("image-sample")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=model-card-nn] [data-testid=predicted-digit]")).ToHaveTextAsync("4");
    }

    [Fact]
    public async Task An_opened_image_is_shown_on_the_pad_with_the_ink_read_boxed_until_a_stroke_starts_and_opens_again_after_it()
    {
        var file = DrawingPage.OneOnPaper;
        await page.GetByTestId("open-image-input").SetInputFilesAsync(file);

        var picture = page.GetByTestId("opened-image-picture");
        await Assertions.Expect(picture).ToBeVisibleAsync();
        Assert.True(await picture.EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 640 && img.naturalHeight === 480"), "the picture shows the file opened");
        var shown = await picture.BoundingBoxAsync() ?? throw new InvalidOperationException("no picture");
        var pad = await page.GetByTestId("canvas").BoundingBoxAsync() ?? throw new InvalidOperationException("no canvas");
        Assert.InRange(shown.Width / pad.Width, 0.85, 1.0); // the longer side across the pad
        Assert.Equal(480.0 / 640, shown.Height / shown.Width, precision: 2);

        // The bar: columns 275..365 of 640 (a 14th of the width either side of the middle), rows 81..398 of 480.
        var box = await page.GetByTestId("opened-image-ink-read").BoundingBoxAsync() ?? throw new InvalidOperationException("no box");
        Assert.Equal(320.0 / 640, (box.X + box.Width / 2 - shown.X) / shown.Width, precision: 1);
        Assert.Equal(240.0 / 480, (box.Y + box.Height / 2 - shown.Y) / shown.Height, precision: 1);
        Assert.InRange(box.Height / shown.Height, 0.6, 0.72);
        Assert.InRange(box.Width / shown.Width, 0.1, 0.2);

        // A stroke begun on the picture is seen at once: the picture goes as the pen comes down.
        await page.Mouse.MoveAsync((float)(pad.X + pad.Width * 0.3), (float)(pad.Y + pad.Height * 0.3));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync((float)(pad.X + pad.Width * 0.6), (float)(pad.Y + pad.Height * 0.7), new MouseMoveOptions { Steps = 8 });
        await Assertions.Expect(page.GetByTestId("opened-image")).ToBeHiddenAsync();
        await page.Mouse.UpAsync();
        await Assertions.Expect(page.GetByTestId("image-sample")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("opened-image")).ToHaveCountAsync(0);

        // Cleared, the same file opens again (a file input tells only of a new file).
        await page.GetByTestId("clear").ClickAsync();
        await page.GetByTestId("open-image-input").SetInputFilesAsync(file);
        await Assertions.Expect(page.GetByTestId("image-sample-name")).ToHaveTextAsync("one on paper.png");
        await Assertions.Expect(page.GetByTestId("opened-image")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_box_dragged_around_one_digit_of_an_opened_image_has_that_part_read_alone_and_the_whole_can_be_read_again()
    {
        await OpenTwoBarsAsync();

        // Escape calls choosing off; then a box is dragged around the left bar.
        var choosing = page.Locator("[data-testid=opened-image-frame][data-choosing]");
        await page.GetByTestId("image-part-choose").ClickAsync();
        await Assertions.Expect(page.GetByTestId("image-part-hint")).ToBeVisibleAsync();
        await Assertions.Expect(choosing).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByTestId("image-part-hint")).ToHaveCountAsync(0);
        await Assertions.Expect(choosing).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("image-part-choose")).ToBeFocusedAsync();
        await Assertions.Expect(page.GetByTestId("opened-image")).ToBeVisibleAsync();
        await page.GetByTestId("image-part-choose").ClickAsync();
        await Assertions.Expect(choosing).ToHaveCountAsync(1);
        await Accessibility.AssertNoViolationsAsync(page, "the drawing page choosing a part of an opened image");
        var frame = await page.GetByTestId("opened-image-frame").BoundingBoxAsync() ?? throw new InvalidOperationException("no picture");
        await page.Mouse.MoveAsync(frame.X + frame.Width * 0.05f, frame.Y + frame.Height * 0.05f);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(frame.X + frame.Width * 0.5f, frame.Y + frame.Height * 0.95f, new MouseMoveOptions { Steps = 6 });
        await Assertions.Expect(page.GetByTestId("opened-image-choice")).ToBeVisibleAsync();
        await page.Mouse.UpAsync();

        // The left half is read alone: one digit, the bar, and the pad shows that part.
        await Assertions.Expect(page.GetByTestId("image-sample")).ToContainTextAsync("the part you chose of two bars.png");
        await Assertions.Expect(page.GetByTestId("number-reading")).ToHaveCountAsync(0);
        await AssertAStandingBarAsync();
        await Assertions.Expect(page.GetByTestId("opened-image-ink-read")).ToHaveCountAsync(1);
        await Accessibility.AssertNoViolationsAsync(page, "the drawing page reading a part of an opened image");
        var partWidth = await page.GetByTestId("opened-image-picture").EvaluateAsync<int>("img => img.naturalWidth");
        Assert.InRange(partWidth, 0.43 * TwoBarsWidth, 0.47 * TwoBarsWidth);

        await page.GetByTestId("image-part-whole").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=number-reading] button.number-reading__digit")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("image-sample")).ToContainTextAsync("the digit in two bars.png");
    }

    [Fact]
    public async Task From_the_keyboard_the_box_starts_around_the_ink_read_the_arrow_keys_move_and_size_it_and_Enter_reads_that_part()
    {
        await OpenTwoBarsAsync();

        await page.GetByTestId("image-part-choose").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var frame = page.Locator("[data-testid=opened-image-frame][data-choosing]");
        await Assertions.Expect(frame).ToBeFocusedAsync();
        await Assertions.Expect(page.GetByTestId("opened-image-choice")).ToBeVisibleAsync();

        // The box starts around both bars (from 10 % to 89 % across); narrowed by twelve steps of 2 % and moved right
        // by two, it holds the left bar alone.
        for (var step = 0; step < 12; step++)
        {
            await page.Keyboard.PressAsync("Shift+ArrowLeft");
        }

        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.GetByTestId("image-sample")).ToContainTextAsync("the part you chose of two bars.png");
        await Assertions.Expect(page.GetByTestId("number-reading")).ToHaveCountAsync(0);
        await AssertAStandingBarAsync();
        var partWidth = await page.GetByTestId("opened-image-picture").EvaluateAsync<int>("img => img.naturalWidth");
        Assert.InRange(partWidth, 0.52 * TwoBarsWidth, 0.57 * TwoBarsWidth);
        await Assertions.Expect(page.GetByTestId("image-part-choose")).ToBeFocusedAsync(); // back where choosing started
    }

    private const int TwoBarsWidth = 640;

    /// <summary>Opens a white page with two bars far apart, read as a number of two digits, its ink boxed on the pad.</summary>
    private async Task OpenTwoBarsAsync()
    {
        const int Width = TwoBarsWidth, Height = 480;
        var rgba = new byte[Width * Height * 4];
        Array.Fill(rgba, (byte)255);
        for (var y = 100; y < 380; y++)
        {
            foreach (var left in (int[])[150, 450])
            {
                for (var x = left; x < left + 36; x++)
                {
                    rgba.AsSpan((y * Width + x) * 4, 3).Clear();
                }
            }
        }

        await page.GetByTestId("open-image-input").SetInputFilesAsync(new FilePayload
        {
            Name = "two bars.png",
            MimeType = "image/png",
            Buffer = MnistBlazor.Server.Tests.Support.PngWriter.Rgba(Width, Height, rgba),
        });
        await Assertions.Expect(page.Locator("[data-testid=number-reading] button.number-reading__digit")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("opened-image-ink-read")).ToHaveCountAsync(2);
    }

    /// <summary>
    /// A phone camera's photo: 12 megapixels (more than the server reads), stored lying on its side with the EXIF
    /// orientation that turns it upright. The browser scales it down and turns it before sending it.
    /// </summary>
    [Fact]
    public async Task A_phone_photo_larger_than_the_server_reads_is_scaled_down_and_turned_upright_by_the_browser()
    {
        const int StoredWidth = 4032, StoredHeight = 3024;
        var rgba = new byte[StoredWidth * StoredHeight * 4];
        Array.Fill(rgba, (byte)255);
        for (var y = 1400; y < 1600; y++)
        {
            for (var x = 1000; x < 3000; x++)
            {
                rgba.AsSpan((y * StoredWidth + x) * 4, 3).Clear(); // a bar lying across the stored image
            }
        }

        var photo = JpegWriter.WithOrientation(JpegWriter.Rgba(StoredWidth, StoredHeight, rgba), orientation: 6);

        await page.GetByTestId("open-image-input").SetInputFilesAsync(new FilePayload { Name = "IMG_0001.jpg", MimeType = "image/jpeg", Buffer = photo });

        await Assertions.Expect(page.GetByTestId("image-sample-name")).ToHaveTextAsync("IMG_0001.jpg");
        await Assertions.Expect(page.GetByTestId("image-sample-prepared")).ToBeVisibleAsync();
        Assert.True(await InkPixelsAsync() > 10);
        // Upright the bar stands: its ink spans more rows of the 28x28 image than columns.
        await AssertAStandingBarAsync();
    }

    /// <summary>
    /// A photo saved as PNG: within the server's pixel limits but, its camera noise not compressing, larger than the
    /// server's 8 MB. The browser encodes it smaller (fewer pixels) until it fits.
    /// </summary>
    [Fact]
    public async Task A_png_photo_larger_than_the_server_takes_in_bytes_is_scaled_down_by_the_browser_until_it_fits()
    {
        const int Side = 2000;
        var random = new Random(7);
        var rgba = new byte[Side * Side * 4];
        random.NextBytes(rgba);
        for (var i = 0; i < rgba.Length; i++)
        {
            var y = i / 4 / Side;
            var x = i / 4 % Side;
            var ink = x is >= 950 and < 1050 && y is >= 400 and < 1600;
            rgba[i] = i % 4 == 3 ? (byte)255 : (byte)((ink ? 0 : 192) + (rgba[i] & 63));
        }

        var photo = MnistBlazor.Server.Tests.Support.PngWriter.Rgba(Side, Side, rgba);
        Assert.True(photo.Length > 8 * 1024 * 1024, $"the PNG is only {photo.Length} bytes");

        await page.GetByTestId("open-image-input").SetInputFilesAsync(new FilePayload { Name = "noisy scan.png", MimeType = "image/png", Buffer = photo });

        await Assertions.Expect(page.GetByTestId("image-sample-name")).ToHaveTextAsync("noisy scan.png");
        await Assertions.Expect(page.GetByTestId("image-sample-prepared")).ToBeVisibleAsync();
        await AssertAStandingBarAsync();
    }

    /// <summary>A WebP image (a screenshot or an image saved from the web): the browser opens it and sends it as a PNG.</summary>
    [Fact]
    public async Task An_image_of_another_format_the_browser_opens_is_converted_to_png_and_read()
    {
        var dataUrl = await page.EvaluateAsync<string>(
            @"() => {
                const canvas = document.createElement('canvas');
                canvas.width = 300; canvas.height = 300;
                const context = canvas.getContext('2d');
                context.fillStyle = '#fff'; context.fillRect(0, 0, 300, 300);
                context.fillStyle = '#000'; context.fillRect(140, 40, 20, 220);
                return canvas.toDataURL('image/webp', 0.9);
            }");
        Assert.StartsWith("data:image/webp;base64,", dataUrl);
        var webp = Convert.FromBase64String(dataUrl[(dataUrl.IndexOf(',') + 1)..]);

        await page.GetByTestId("open-image-input").SetInputFilesAsync(new FilePayload { Name = "a one.webp", MimeType = "image/webp", Buffer = webp });

        await Assertions.Expect(page.GetByTestId("image-sample-name")).ToHaveTextAsync("a one.webp");
        await Assertions.Expect(page.GetByTestId("image-sample-prepared")).ToContainTextAsync("converted it to PNG");
        await AssertAStandingBarAsync();
    }

    [Fact]
    public async Task An_image_dropped_onto_the_page_or_pasted_is_opened_as_if_chosen()
    {
        var png = Convert.ToBase64String(MnistBlazor.Server.Tests.Support.PngWriter.VerticalBar(400, 300));
        await page.GetByTestId("canvas").WaitForAsync();

        // Dragged over the pad, the panel shows where the image goes; dropped, it is opened.
        await page.EvaluateAsync(
            @"([base64, name]) => {
                window.transfer = new DataTransfer();
                transfer.items.add(new File([Uint8Array.from(atob(base64), c => c.charCodeAt(0))], name, { type: 'image/png' }));
                const canvas = document.querySelector('[data-testid=canvas]');
                canvas.dispatchEvent(new DragEvent('dragenter', { bubbles: true, dataTransfer: transfer }));
                canvas.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: transfer }));
            }",
            new object[] { png, "dropped one.png" });
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.classList.contains('dragging-image')"));
        Assert.True(await page.EvaluateAsync<bool>(
            "() => !document.querySelector('[data-testid=canvas]').dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }))"),
            "the drop was left to the browser, which would open the file in place of the page");
        Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.classList.contains('dragging-image')"));
        await Assertions.Expect(page.GetByTestId("image-sample-name")).ToHaveTextAsync("dropped one.png");
        await AssertAStandingBarAsync();

        // A screenshot pasted from the clipboard.
        await page.EvaluateAsync(
            @"([base64, name]) => {
                const transfer = new DataTransfer();
                transfer.items.add(new File([Uint8Array.from(atob(base64), c => c.charCodeAt(0))], name, { type: 'image/png' }));
                document.body.dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: transfer }));
            }",
            new object[] { png, "pasted.png" });
        await Assertions.Expect(page.GetByTestId("image-sample-name")).ToHaveTextAsync("pasted.png");
        await AssertAStandingBarAsync();
    }

    private async Task AssertAStandingBarAsync()
    {
        await Assertions.Expect(page.GetByTestId("preview")).ToBeVisibleAsync();
        var columns = await page.Locator("[data-testid=projection-x] tr[data-value]:not([data-value='0'])").CountAsync();
        var rows = await page.Locator("[data-testid=projection-y] tr[data-value]:not([data-value='0'])").CountAsync();
        Assert.True(rows > 2 * columns, $"the bar spans {rows} rows and {columns} columns");
    }

    /// <summary>
    /// With the fixture's tiny models the CNNs answer 1 on a thin stroke and lean towards 0 the more ink
    /// there is (so the ink counts against their 1); nn always says 4.
    /// </summary>
    [Fact]
    public async Task Drawing_a_digit_puts_an_evidence_map_with_its_legend_on_every_ready_card_and_contrasts_the_disagreement()
    {
        await DrawAsync((0.5, 0.15), (0.5, 0.85));

        foreach (var id in CardIds)
        {
            var card = page.Locator($"[data-testid=model-card-{id}]");
            var map = card.Locator("[data-testid=evidence] img[data-testid=evidence-map]");
            await Assertions.Expect(map).ToBeVisibleAsync();
            await Assertions.Expect(map).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("^data:image/png;base64,"));
            // The browser decoded the PNG: 28 pixels wide, drawn enlarged.
            Assert.Equal(28, await map.EvaluateAsync<int>("img => img.naturalWidth"));
            await Assertions.Expect(card.Locator("[data-testid=evidence-legend]")).ToBeVisibleAsync();
        }

        var cnnMap = page.Locator("[data-testid=model-card-simple-cnn] [data-testid=evidence-map]");
        await Assertions.Expect(cnnMap).ToHaveAttributeAsync("data-digit", "1");
        Assert.True(int.Parse((await cnnMap.GetAttributeAsync("data-against-pixels"))!, System.Globalization.CultureInfo.InvariantCulture) > 0,
            "the CNN's ink should count against its 1");

        var contrast = page.Locator("[data-testid=evidence-contrast]");
        await Assertions.Expect(contrast.Locator("h2")).ToHaveTextAsync("Why 4 and not 1?");
        await Assertions.Expect(contrast.Locator("img[data-testid^=contrast-]")).ToHaveCountAsync(4);

        // Every card's map for a digit the person chooses, then for each card's answer again.
        await page.GetByTestId("evidence-for-7").ClickAsync();
        await Assertions.Expect(cnnMap).ToHaveAttributeAsync("data-digit", "7");
        await Assertions.Expect(page.Locator("[data-testid=model-card-nn] [data-testid=legend-for]")).ToHaveTextAsync("blue: for 7");
        await page.GetByTestId("evidence-for-answer").ClickAsync();
        await Assertions.Expect(cnnMap).ToHaveAttributeAsync("data-digit", "1");
    }

    /// <summary>The fixture's tiny models predate layer views, so each CNN asks to be re-exported.</summary>
    [Fact]
    public async Task The_layers_toggle_shows_each_cnn_s_layers_or_why_it_has_none()
    {
        await DrawAsync((0.5, 0.15), (0.5, 0.85));
        await Assertions.Expect(page.Locator("[data-testid=evidence-contrast]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=network-layers]")).ToHaveCountAsync(0);

        await page.Locator("[data-testid=layers-toggle]").ClickAsync();

        foreach (var id in new[] { "simple-cnn", "cnn-proj", "cnn-quad" })
        {
            await Assertions.Expect(page.Locator($"[data-testid=layers-reason-{id}]")).ToContainTextAsync("re-export this model");
        }

        await Assertions.Expect(page.Locator("[data-testid=layers-nn]")).ToHaveCountAsync(0);
        await page.Locator("[data-testid=layers-toggle]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=network-layers]")).ToHaveCountAsync(0);
    }

    /// <summary>The pad's C# component owns the strokes: the undo key and the Undo button both go through it.</summary>
    [Theory]
    [InlineData("button")]
    [InlineData("key")]
    public async Task Undo_takes_the_last_of_two_strokes_off_the_canvas_and_the_verdict(string from)
    {
        await DrawAsync((0.5, 0.15), (0.5, 0.85));
        await WaitForInkAsync();
        var oneStroke = await InkPixelsAsync();
        await DrawAsync((0.2, 0.5), (0.8, 0.5));
        await WaitUntilAsync(async () => await InkPixelsAsync() != oneStroke);

        await UndoAsync(from);

        await WaitUntilAsync(async () => await InkPixelsAsync() == oneStroke);
        await WaitUntilAsync(async () => !await InkAtAsync(Canvas, 0.3, 0.5));
        Assert.True(await InkAtAsync(Canvas, 0.5, 0.3), "undo took the first stroke off the canvas");
        await Assertions.Expect(page.Locator("[data-testid=undo]")).ToBeEnabledAsync();

        await UndoAsync(from);

        await Assertions.Expect(page.Locator("[data-testid=preview]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=verdict-summary]")).ToContainTextAsync("Draw a digit");
        await Assertions.Expect(page.Locator("[data-testid=undo]")).ToBeDisabledAsync();
        Assert.True(await CanvasIsBlankAsync());
    }

    /// <summary>The finished stroke and the undo reach .NET in the order they happened, whatever the round trip.</summary>
    [Fact]
    public async Task The_undo_key_pressed_right_after_a_stroke_takes_that_stroke_off()
    {
        await DrawAsync((0.5, 0.15), (0.5, 0.85));
        await WaitForInkAsync();
        var oneStroke = await InkPixelsAsync();

        await DrawAsync((0.2, 0.5), (0.8, 0.5));
        await page.Keyboard.PressAsync("Control+z");

        await WaitUntilAsync(async () => !await InkAtAsync(Canvas, 0.3, 0.5));
        Assert.True(await InkAtAsync(Canvas, 0.5, 0.3), "undo took the first stroke off the canvas");
        await Assertions.Expect(page.Locator("[data-testid=undo]")).ToBeEnabledAsync();
        await WaitUntilAsync(async () => await InkPixelsAsync() == oneStroke);
    }

    [Theory]
    [InlineData("button")]
    [InlineData("Escape")]
    [InlineData("Delete")]
    public async Task Clear_takes_every_stroke_off_the_canvas_and_the_verdict(string from)
    {
        await DrawAsync((0.5, 0.15), (0.5, 0.85));
        await DrawAsync((0.2, 0.5), (0.8, 0.5));
        await WaitForInkAsync();

        if (from == "button")
        {
            await page.Locator("[data-testid=clear]").ClickAsync();
        }
        else
        {
            await page.Keyboard.PressAsync(from);
        }

        await Assertions.Expect(page.Locator("[data-testid=preview]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=predicted-digit]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=verdict-summary]")).ToContainTextAsync("Draw a digit");
        await WaitUntilAsync(CanvasIsBlankAsync);
        await Assertions.Expect(page.Locator("[data-testid=undo]")).ToBeEnabledAsync(); // a clear by mistake takes nothing for good
    }

    [Fact]
    public async Task A_clear_undone_from_the_keyboard_brings_every_stroke_back_and_redone_takes_them_off_again()
    {
        await DrawAsync((0.5, 0.15), (0.5, 0.85));
        await WaitForInkAsync();
        var oneStroke = await InkPixelsAsync();
        await DrawAsync((0.2, 0.5), (0.8, 0.5));
        await WaitUntilAsync(async () => await InkPixelsAsync() != oneStroke);
        var bothStrokes = await InkPixelsAsync();
        await page.Keyboard.PressAsync("Escape");
        await WaitUntilAsync(CanvasIsBlankAsync);

        await page.Keyboard.PressAsync("Control+z");

        await WaitUntilAsync(async () => await InkAtAsync(Canvas, 0.3, 0.5) && await InkAtAsync(Canvas, 0.5, 0.3));
        await WaitUntilAsync(async () => await InkPixelsAsync() == bothStrokes);
        await Assertions.Expect(page.Locator("[data-testid=redo]")).ToBeEnabledAsync();

        await page.Keyboard.PressAsync("Control+Shift+z");

        await WaitUntilAsync(CanvasIsBlankAsync);
        await Assertions.Expect(page.Locator("[data-testid=preview]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=redo]")).ToBeDisabledAsync();
    }

    private ILocator Canvas => page.Locator("[data-testid=canvas]");

    private async Task UndoAsync(string from)
    {
        if (from == "button")
        {
            await page.Locator("[data-testid=undo]").ClickAsync();
        }
        else
        {
            await page.Keyboard.PressAsync("Control+z");
        }
    }

    [Fact]
    public async Task The_pen_width_changes_the_pad_but_not_what_the_models_see()
    {
        await page.Locator("[data-testid=pen-width]").FillAsync("8");
        await DrawAsync((0.5, 0.15), (0.5, 0.85));
        await WaitForInkAsync();
        var thin = await InkPixelsAsync();
        var thinOnPad = await CanvasInkFractionAsync();
        await page.Locator("[data-testid=clear]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=preview]")).ToHaveCountAsync(0);

        await page.Locator("[data-testid=pen-width]").FillAsync("40");
        await DrawAsync((0.5, 0.15), (0.5, 0.85));
        await WaitForInkAsync();

        Assert.True(await CanvasInkFractionAsync() > 2 * thinOnPad, "the pad should show the 40-unit pen wider than the 8-unit one");
        Assert.InRange(await InkPixelsAsync(), thin - 2, thin + 2);
    }

    /// <summary>The fraction of the canvas's backing pixels that hold ink.</summary>
    private Task<double> CanvasInkFractionAsync() =>
        page.Locator("[data-testid=canvas][style*='touch-action']").EvaluateAsync<double>(
            "c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 128) n++; return n / (c.width * c.height); }");

    [Fact]
    public async Task Ink_lands_under_the_pointer_on_a_css_scaled_hidpi_canvas()
    {
        await using var hiDpi = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            DeviceScaleFactor = 3,
        });
        var phone = await hiDpi.NewPageAsync();
        await phone.GotoAsync(fixture.Server.Address.ToString());
        var canvas = phone.Locator("[data-testid=canvas][style*='touch-action']");
        await canvas.WaitForAsync();
        var box = await canvas.BoundingBoxAsync() ?? throw new InvalidOperationException("no canvas");

        // The backing store follows the CSS size times the device pixel ratio.
        var backing = await canvas.EvaluateAsync<int[]>("c => [c.width, c.height]");
        Assert.InRange(backing[0], (int)(box.Width * 3) - 3, (int)(box.Width * 3) + 3);
        Assert.NotEqual(280, (int)box.Width); // CSS-scaled: not the pad's logical 280 px

        await phone.Mouse.MoveAsync(box.X + box.Width * 0.2f, box.Y + box.Height * 0.2f);
        await phone.Mouse.DownAsync();
        await phone.Mouse.MoveAsync(box.X + box.Width * 0.2f, box.Y + box.Height * 0.8f, new MouseMoveOptions { Steps = 10 });
        await phone.Mouse.UpAsync();

        Assert.True(await InkAtAsync(canvas, 0.2, 0.5), "no ink under the pointer's path");
        Assert.False(await InkAtAsync(canvas, 0.8, 0.5), "ink far from the pointer's path");
        Assert.False(await InkAtAsync(canvas, 0.2, 0.95), "ink below the end of the stroke");
        await Assertions.Expect(phone.Locator("[data-testid=model-card-nn] [data-testid=predicted-digit]")).ToHaveTextAsync("4");
    }

    [Fact]
    public async Task A_finger_and_a_pen_draw_strokes_without_scrolling_the_page()
    {
        await using var touchContext = await NewTouchPhoneAsync(390, 844);
        var phone = await touchContext.NewPageAsync();
        await phone.GotoAsync(fixture.Server.Address.ToString());
        var canvas = phone.Locator("[data-testid=canvas][style*='touch-action']");
        await canvas.WaitForAsync();
        await canvas.ScrollIntoViewIfNeededAsync();
        await canvas.EvaluateAsync("c => { window.pointerTypes = []; c.addEventListener('pointerdown', e => window.pointerTypes.push(e.pointerType)); }");
        var box = await canvas.BoundingBoxAsync() ?? throw new InvalidOperationException("no canvas");
        var scrollBefore = await phone.EvaluateAsync<double>("() => window.scrollY");
        (double X, double Y) At(double fractionX, double fractionY) => (box.X + fractionX * box.Width, box.Y + fractionY * box.Height);

        // Input through Chromium's own input pipeline (DevTools protocol), as a touch screen and a stylus deliver it.
        var devTools = await touchContext.NewCDPSessionAsync(phone);
        await TouchStrokeAsync(devTools, [At(0.3, 0.15), At(0.3, 0.85)]);
        await Assertions.Expect(phone.Locator("[data-testid=preview]")).ToBeVisibleAsync();
        await Assertions.Expect(phone.Locator("[data-testid=model-card-nn] [data-testid=predicted-digit]")).ToHaveTextAsync("4");
        var inkOfTheFingersStroke = await phone.Locator("[data-testid=preview]").GetAttributeAsync("data-ink-pixels") ?? "";
        // The answer shows under the pad, in view, every verdict being screens below; keyboard shortcuts are not offered.
        await Assertions.Expect(phone.Locator("[data-testid=pad-answer]")).ToBeInViewportAsync(new() { Ratio = 1 });
        await Assertions.Expect(phone.Locator("[data-testid=verdicts-title]")).Not.ToBeInViewportAsync();
        await Assertions.Expect(phone.Locator("[data-testid=pad-shortcuts]")).ToBeHiddenAsync();

        await PenStrokeAsync(devTools, [At(0.15, 0.3), At(0.85, 0.3)]);
        await WaitUntilAsync(async () => await InkAtAsync(canvas, 0.7, 0.3));

        Assert.Equal(new[] { "touch", "pen" }, await phone.EvaluateAsync<string[]>("() => window.pointerTypes"));
        Assert.True(await InkAtAsync(canvas, 0.3, 0.6), "no ink along the finger's path");
        Assert.False(await InkAtAsync(canvas, 0.7, 0.7), "ink far from both strokes");
        Assert.Equal(scrollBefore, await phone.EvaluateAsync<double>("() => window.scrollY"));

        // Both strokes reached the server: undoing one leaves the other's verdict.
        await Assertions.Expect(phone.Locator("[data-testid=preview]")).Not.ToHaveAttributeAsync("data-ink-pixels", inkOfTheFingersStroke);
        await phone.Locator("[data-testid=undo]").ClickAsync();
        await WaitUntilAsync(async () => !await InkAtAsync(canvas, 0.7, 0.3));
        Assert.True(await InkAtAsync(canvas, 0.3, 0.6), "undo removed the finger's stroke instead of the pen's");
        await Assertions.Expect(phone.Locator("[data-testid=preview]")).ToHaveAttributeAsync("data-ink-pixels", inkOfTheFingersStroke);

        // Its link goes down to every model's verdict and keeps the page as it is (the stroke left read to the end first).
        await Assertions.Expect(phone.Locator("[data-testid=evidence-pending]")).ToHaveCountAsync(0);
        await phone.Locator("[data-testid=pad-answer-link]").TapAsync();
        await Assertions.Expect(phone.Locator("[data-testid=verdicts-title]")).ToBeInViewportAsync();
        Assert.EndsWith("#verdicts-title", phone.Url);
        Assert.True(await InkAtAsync(canvas, 0.3, 0.6), "following the link cleared the pad");
    }

    [Fact]
    public async Task A_phone_held_sideways_shows_the_whole_pad_with_its_tools_and_answer_beside_it()
    {
        await using var touchContext = await NewTouchPhoneAsync(844, 390);
        var phone = await touchContext.NewPageAsync();
        await phone.GotoAsync(fixture.Server.Address.ToString());
        var canvas = phone.Locator("[data-testid=canvas][style*='touch-action']");
        await canvas.WaitForAsync();
        await canvas.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(canvas).ToBeInViewportAsync(new() { Ratio = 1 });
        var box = await canvas.BoundingBoxAsync() ?? throw new InvalidOperationException("no canvas");
        (double X, double Y) At(double fractionX, double fractionY) => (box.X + fractionX * box.Width, box.Y + fractionY * box.Height);

        var devTools = await touchContext.NewCDPSessionAsync(phone);
        await TouchStrokeAsync(devTools, [At(0.3, 0.15), At(0.3, 0.85)]);
        await Assertions.Expect(phone.Locator("[data-testid=model-card-nn] [data-testid=predicted-digit]")).ToHaveTextAsync("4");

        // Without scrolling: the pad whole, Undo and the answer beside it.
        await Assertions.Expect(canvas).ToBeInViewportAsync(new() { Ratio = 1 });
        var answer = phone.Locator("[data-testid=pad-answer]");
        await Assertions.Expect(answer).ToBeInViewportAsync(new() { Ratio = 1 });
        await Assertions.Expect(phone.Locator("[data-testid=undo]")).ToBeInViewportAsync(new() { Ratio = 1 });
        var answerBox = await answer.BoundingBoxAsync() ?? throw new InvalidOperationException("no answer");
        Assert.True(answerBox.X >= box.X + box.Width, $"the answer starts at x {answerBox.X}, not right of the pad ending at {box.X + box.Width}");
    }

    /// <summary>A browser as a phone of <paramref name="width"/> x <paramref name="height"/> CSS pixels with a touch screen.</summary>
    private async Task<IBrowserContext> NewTouchPhoneAsync(int width, int height)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            HasTouch = true,
            IsMobile = true,
        });
        context.SetDefaultTimeout(Chromium.PatienceMilliseconds);
        return context;
    }

    private static async Task TouchStrokeAsync(ICDPSession devTools, (double X, double Y)[] points)
    {
        await devTools.SendAsync("Input.dispatchTouchEvent", new Dictionary<string, object>
        {
            ["type"] = "touchStart",
            ["touchPoints"] = new[] { TouchPoint(points[0]) },
        });
        foreach (var point in Interpolate(points, 12).Skip(1))
        {
            await devTools.SendAsync("Input.dispatchTouchEvent", new Dictionary<string, object>
            {
                ["type"] = "touchMove",
                ["touchPoints"] = new[] { TouchPoint(point) },
            });
        }

        await devTools.SendAsync("Input.dispatchTouchEvent", new Dictionary<string, object>
        {
            ["type"] = "touchEnd",
            ["touchPoints"] = Array.Empty<object>(),
        });

        static Dictionary<string, object> TouchPoint((double X, double Y) point) => new() { ["x"] = point.X, ["y"] = point.Y };
    }

    private static async Task PenStrokeAsync(ICDPSession devTools, (double X, double Y)[] points)
    {
        var path = Interpolate(points, 12).ToArray();
        await devTools.SendAsync("Input.dispatchMouseEvent", PenEvent("mousePressed", path[0], buttons: 1));
        foreach (var point in path.Skip(1))
        {
            await devTools.SendAsync("Input.dispatchMouseEvent", PenEvent("mouseMoved", point, buttons: 1));
        }

        await devTools.SendAsync("Input.dispatchMouseEvent", PenEvent("mouseReleased", path[^1], buttons: 0));

        static Dictionary<string, object> PenEvent(string type, (double X, double Y) point, int buttons) => new()
        {
            ["type"] = type,
            ["x"] = point.X,
            ["y"] = point.Y,
            ["button"] = "left",
            ["buttons"] = buttons,
            ["clickCount"] = 1,
            ["pointerType"] = "pen",
        };
    }

    private static IEnumerable<(double X, double Y)> Interpolate((double X, double Y)[] points, int stepsPerSegment)
    {
        yield return points[0];
        for (var i = 1; i < points.Length; i++)
        {
            for (var step = 1; step <= stepsPerSegment; step++)
            {
                var t = (double)step / stepsPerSegment;
                yield return (points[i - 1].X + t * (points[i].X - points[i - 1].X), points[i - 1].Y + t * (points[i].Y - points[i - 1].Y));
            }
        }
    }

    [Fact]
    public async Task A_long_scribble_stays_under_the_message_limit_and_a_path_too_long_for_a_digit_is_refused_with_its_reason()
    {
        var page = await context.NewPageAsync();
        var largestFrame = 0;
        var frames = 0;
        page.WebSocket += (_, socket) => socket.FrameSent += (_, frame) =>
        {
            Interlocked.Increment(ref frames);
            var size = frame.Binary?.Length ?? System.Text.Encoding.UTF8.GetByteCount(frame.Text ?? "");
            InterlockedMax(ref largestFrame, size);
        };
        await page.GotoAsync(fixture.Server.Address.ToString());
        await page.Locator("[data-testid=canvas][style*='touch-action']").WaitForAsync();
        var framesBeforeDrawing = Volatile.Read(ref frames);
        var box = await page.Locator("[data-testid=canvas]").BoundingBoxAsync() ?? throw new InvalidOperationException("no canvas");
        var centreX = box.X + box.Width / 2;
        var centreY = box.Y + box.Height / 2;
        await page.Mouse.MoveAsync(centreX, centreY);
        await page.Mouse.DownAsync();
        for (var i = 1; i <= 1500; i++)
        {
            // A tight spiral: thousands of distinct points that simplification cannot drop all at once.
            var angle = i * 0.08;
            var radius = 4 + i * box.Width * 0.4 / 1500;
            await page.Mouse.MoveAsync(centreX + (float)(radius * Math.Cos(angle)), centreY + (float)(radius * Math.Sin(angle)));
        }

        var framesWhileDrawing = Volatile.Read(ref frames) - framesBeforeDrawing;
        await page.Mouse.UpAsync();

        // 19 turns of a spiral: a path about 30 times its size, past what a digit needs (DrawingLimits).
        await Assertions.Expect(page.Locator("[data-testid=stroke-refused]")).ToContainTextAsync("That stroke was not kept");
        await Assertions.Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("[data-testid=undo]")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("[data-testid=predicted-digit]")).ToHaveCountAsync(0);
        Assert.True(await page.Locator("[data-testid=canvas]").EvaluateAsync<bool>(
            "c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return false; return true; }"),
            "the refused stroke must be taken off the canvas");

        await DrawingPage.DrawStrokeAsync(page, 12, (0.5, 0.15), (0.5, 0.85));
        await Assertions.Expect(page.Locator("[data-testid=predicted-digit]")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("[data-testid=stroke-refused]")).ToHaveCountAsync(0);
        Assert.True(framesWhileDrawing < 20, $"{framesWhileDrawing} messages went to the server during one stroke; only the finished stroke should");
        Assert.True(largestFrame > 2 * 1024, $"the largest message was {largestFrame} bytes; the stroke itself was not seen");
        Assert.True(largestFrame < 32 * 1024, $"a {largestFrame}-byte message exceeds SignalR's 32 KB default");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static Task<int> OpacityAtAsync(ILocator canvas, double fractionX, double fractionY) =>
        canvas.EvaluateAsync<int>(
            "(c, p) => c.getContext('2d').getImageData(Math.round(p[0] * c.width), Math.round(p[1] * c.height), 1, 1).data[3]",
            new[] { fractionX, fractionY });

    private static Task<bool> InkAtAsync(ILocator canvas, double fractionX, double fractionY) =>
        canvas.EvaluateAsync<bool>(
            "(c, p) => c.getContext('2d').getImageData(Math.round(p[0] * c.width), Math.round(p[1] * c.height), 1, 1).data[3] > 0",
            new[] { fractionX, fractionY });

    /// <summary>Draws one stroke with the mouse through points given as fractions of the canvas size.</summary>
    private Task DrawAsync(params (double X, double Y)[] points) => DrawingPage.DrawStrokeAsync(page, 12, points);

    private async Task WaitForInkAsync() =>
        await page.Locator("[data-testid=preview]").WaitForAsync();

    private async Task<int> InkPixelsAsync() =>
        int.Parse(await page.Locator("[data-testid=preview]").GetAttributeAsync("data-ink-pixels") ?? "0");

    private async Task<bool> CanvasIsBlankAsync() =>
        await page.Locator("[data-testid=canvas]").EvaluateAsync<bool>(
            "canvas => { const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data; for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return false; return true; }");

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The page did not reach the expected state in time.");
            await Task.Delay(100);
        }
    }
}
