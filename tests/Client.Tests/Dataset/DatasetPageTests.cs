using System.IO.Compression;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Client.Dataset;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Client.Insights;
using MnistBlazor.Client.Pages;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Client.Tests.Insights;
using MnistBlazor.Client.Tests.Pages;
using MnistBlazor.Client.Tests.Support;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Client.Tests.Dataset;

public sealed class DatasetPageTests : BunitContext
{
    public DatasetPageTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        this.AsOwner();
        Services.AddSingleton<MnistBlazor.Client.SavedDrawings.ISavedDrawings>(new SavedDrawings.FakeSavedDrawings());
        Services.AddSingleton<IPenDigits>(FakePenDigits.Missing());
    }

    [Fact]
    public void Digits_are_browsed_by_label_a_page_at_a_time_and_link_to_the_classifier()
    {
        Services.AddSingleton<IMnistTestSet>(new FakeTestSet(ManySevens()));
        var page = Render<DatasetPage>();

        page.Find("[data-testid=dataset-digit-7]").Click();

        var images = page.FindAll("[data-testid^=dataset-image-]");
        Assert.Equal(DatasetPage.PageSize, images.Count);
        Assert.All(images, i => Assert.Equal(7, int.Parse(i.GetAttribute("data-index")!) % 10));
        Assert.Equal("/?mnist=7", images[0].GetAttribute("href"));
        Assert.Contains("Page 1 of 3", page.Find("[data-testid=dataset-page]").TextContent);
        Assert.True(page.Find("[data-testid=dataset-prev]").HasAttribute("disabled"));

        page.Find("[data-testid=dataset-next]").Click();
        page.Find("[data-testid=dataset-next]").Click();

        Assert.Contains("Page 3 of 3", page.Find("[data-testid=dataset-page]").TextContent);
        Assert.Equal(150 - 2 * DatasetPage.PageSize, page.FindAll("[data-testid^=dataset-image-]").Count);
        Assert.True(page.Find("[data-testid=dataset-next]").HasAttribute("disabled"));
        Assert.Contains("150", page.Find("[data-testid=dataset-digit-7]").TextContent);
    }

    [Fact]
    public void The_digit_and_page_shown_are_kept_in_the_address_so_that_back_returns_to_them()
    {
        Services.AddSingleton<IMnistTestSet>(new FakeTestSet(ManySevens()));
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/dataset");
        var page = Render<DatasetPage>();

        page.Find("[data-testid=dataset-digit-7]").Click();
        page.Find("[data-testid=dataset-next]").Click();

        Assert.Equal("http://localhost/dataset?digit=7&page=2", navigation.Uri);
        Assert.Contains("Page 2 of 3", page.Find("[data-testid=dataset-page]").TextContent);

        page.Find("[data-testid=dataset-prev]").Click();
        Assert.Equal("http://localhost/dataset?digit=7", navigation.Uri);

        page.Find("[data-testid=dataset-next]").Click();
        page.Find("[data-testid=dataset-set-pen]").Click();
        Assert.Equal("http://localhost/dataset?digit=7&set=pen", navigation.Uri); // another set keeps the digit, from its first page
    }

    [Theory]
    [InlineData("/dataset?digit=7&page=3", 7, "Page 3 of 3")]
    [InlineData("/dataset?digit=7&page=99", 7, "Page 3 of 3")]
    [InlineData("/dataset?digit=12&page=x", 0, "Page 1 of 3")]
    public void The_address_opens_a_digit_and_page_and_a_place_that_does_not_exist_shows_the_nearest(string address, int digit, string pageText)
    {
        Services.AddSingleton<IMnistTestSet>(new FakeTestSet(ManySevens()));
        Services.GetRequiredService<NavigationManager>().NavigateTo(address);

        var page = Render<DatasetPage>();

        Assert.Equal("true", page.Find($"[data-testid=dataset-digit-{digit}]").GetAttribute("aria-selected"));
        Assert.Contains(pageText, page.Find("[data-testid=dataset-page]").TextContent);
    }

    [Fact]
    public void Without_the_mnist_files_the_page_says_how_to_get_them()
    {
        Services.AddSingleton<IMnistTestSet>(new FakeTestSet(null, "/data/mnist/t10k-images-idx3-ubyte: MNIST file missing"));

        var page = Render<DatasetPage>();

        Assert.Contains("MNIST file missing", page.Find("[data-testid=dataset-unavailable]").TextContent);
        Assert.Contains(TrainingCommand.For("data"), page.Find("[data-testid=dataset-unavailable]").TextContent);
    }

    [Fact]
    public void A_test_image_opened_on_the_drawing_page_is_classified_by_every_model_without_preprocessing()
    {
        var classifier = new FakeDigitClassifier { Answer = _ => FakeDigitClassifier.Answers(5, 5, 5, 3, 5) };
        var images = RecordFixtures.TestImages();
        this.AddDrawPageServices(classifier, testSet: new FakeTestSet(images));
        Services.GetRequiredService<NavigationManager>().NavigateTo("/?mnist=45");

        var page = Render<Draw>();

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=predicted-digit]").Count));
        Assert.Equal("5", page.Find("[data-testid=mnist-sample-label]").TextContent);
        Assert.Equal(images.ImageAsFloats(45), Assert.Single(classifier.Received));
        Assert.Equal("46", page.Find("[data-testid=preview]").GetAttribute("data-ink-pixels"));
        Assert.Equal("true", page.Find("[data-testid=model-card-cnn-quad]").GetAttribute("data-disagrees"));
    }

    [Fact]
    public void An_unknown_test_image_number_is_explained()
    {
        this.AddDrawPageServices(testSet: new FakeTestSet(RecordFixtures.TestImages()));
        Services.GetRequiredService<NavigationManager>().NavigateTo("/?mnist=100");

        var page = Render<Draw>();

        Assert.Contains("no MNIST test image #100", page.Find("[data-testid=mnist-sample]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=predicted-digit]"));
    }

    [Fact]
    public void Thumbnails_are_real_grayscale_pngs_of_the_image()
    {
        var pixels = new byte[MnistGeometry.PixelCount];
        pixels[0] = 255;
        pixels[783] = 128;

        var png = DigitPng.Encode(pixels);

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(28, png[19]); // IHDR width (big-endian, low byte)
        Assert.Equal(28, png[23]); // height
        Assert.Equal(0, png[25]); // colour type: grayscale
        var idatLength = (png[33] << 24) | (png[34] << 16) | (png[35] << 8) | png[36];
        using var inflater = new ZLibStream(new MemoryStream(png, 41, idatLength), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflater.CopyTo(raw);
        var rows = raw.ToArray();
        Assert.Equal(28 * 29, rows.Length);
        Assert.Equal(255, rows[1]);
        Assert.Equal(128, rows[^1]);
        Assert.StartsWith("data:image/png;base64,iVBORw0KGgo", DigitPng.DataUrl(pixels));
    }

    /// <summary>1,500 images labelled index % 10: 150 of each digit.</summary>
    private static LabeledImages ManySevens()
    {
        var labels = Enumerable.Range(0, 1500).Select(i => (byte)(i % 10)).ToArray();
        return new LabeledImages(new byte[labels.Length * MnistGeometry.PixelCount], labels);
    }
}
