using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Server.Tests.Api;

public sealed class PredictApiTests(AppWithModels app) : IClassFixture<AppWithModels>
{
    private readonly HttpClient client = app.Factory.CreateClient();

    [Fact]
    public async Task Pixels_json_runs_every_model_then_the_ensemble()
    {
        var pixels = new float[784];
        pixels[400] = 1;

        var result = await PostJsonAsync(new { pixels });

        Assert.Equal("pixels", result.GetProperty("input").GetString());
        Assert.False(result.GetProperty("blank").GetBoolean());
        Assert.Equal(1, result.GetProperty("sideBySideParts").GetInt32());
        var predictions = Predictions(result);
        Assert.Equal(["nn", "simple-cnn", "cnn-proj", "cnn-quad", "ensemble"], predictions.Keys);
        Assert.Equal(TestModels.NnFewInkDigit, predictions["nn"].GetProperty("digit").GetInt32());
        Assert.Equal(TestModels.SimpleCnnDigit, predictions["simple-cnn"].GetProperty("digit").GetInt32());
        Assert.Equal(TestModels.CnnQuadrantsDigit, predictions["cnn-quad"].GetProperty("digit").GetInt32());
        Assert.Equal(7, predictions["ensemble"].GetProperty("digit").GetInt32());
        Assert.Equal(7, result.GetProperty("digit").GetInt32());
        foreach (var prediction in predictions.Values)
        {
            Assert.Equal("ready", prediction.GetProperty("status").GetString());
            var probabilities = prediction.GetProperty("probabilities").EnumerateArray().Select(p => p.GetDouble()).ToArray();
            Assert.Equal(10, probabilities.Length);
            Assert.Equal(1.0, probabilities.Sum(), precision: 4);
            Assert.Equal(probabilities.Max(), prediction.GetProperty("confidence").GetDouble(), precision: 5);
        }
    }

    [Fact]
    public async Task Ensemble_probabilities_are_the_average_of_the_three_cnns()
    {
        var pixels = new float[784];
        pixels[0] = 0.5f;

        var predictions = Predictions(await PostJsonAsync(new { pixels }));

        var members = new[] { "simple-cnn", "cnn-proj", "cnn-quad" }
            .Select(id => predictions[id].GetProperty("probabilities").EnumerateArray().Select(p => p.GetDouble()).ToArray())
            .ToArray();
        var ensemble = predictions["ensemble"].GetProperty("probabilities").EnumerateArray().Select(p => p.GetDouble()).ToArray();
        for (var digit = 0; digit < 10; digit++)
        {
            Assert.Equal(members.Average(m => m[digit]), ensemble[digit], precision: 5);
        }
    }

    [Fact]
    public async Task Pixels_in_0_to_255_are_scaled_and_reach_the_models()
    {
        var pixels = Enumerable.Repeat(255, 784).ToArray();

        var result = await PostJsonAsync(new { pixels });

        Assert.All(result.GetProperty("image").EnumerateArray(), value => Assert.Equal(1.0, value.GetDouble(), precision: 5));
        Assert.Equal(TestModels.NnMuchInkDigit, Predictions(result)["nn"].GetProperty("digit").GetInt32());
    }

    [Fact]
    public async Task All_zero_pixels_are_blank_and_get_no_prediction()
    {
        var result = await PostJsonAsync(new { pixels = new float[784] });

        Assert.True(result.GetProperty("blank").GetBoolean());
        Assert.False(string.IsNullOrWhiteSpace(result.GetProperty("blankReason").GetString()));
        Assert.Empty(result.GetProperty("predictions").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("digit").ValueKind);
        Assert.Equal(0, result.GetProperty("sideBySideParts").GetInt32());
    }

    [Theory]
    [InlineData(500, 300)]
    [InlineData(28, 28)]
    [InlineData(1200, 1600)]
    public async Task A_png_of_any_size_is_preprocessed_to_28x28_and_classified(int width, int height)
    {
        var result = await PostBytesAsync(PngWriter.VerticalBar(width, height), "image/png");

        Assert.Equal("image", result.GetProperty("input").GetString());
        Assert.False(result.GetProperty("blank").GetBoolean());
        var image = result.GetProperty("image").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(784, image.Length);
        AssertInkIsAVerticalBarInTheMiddle(image);
        Assert.Equal(5, Predictions(result).Count);

        // The bar: a seventh of the width across the middle, rows height/6 to 5 height/6.
        var (x, y, inkWidth, inkHeight) = InkBounds(result);
        Assert.InRange(x + inkWidth / 2.0, width / 2.0 - 2, width / 2.0 + 2);
        Assert.InRange(y + inkHeight / 2.0, height / 2.0 - 2, height / 2.0 + 2);
        Assert.InRange(inkHeight, height * 2 / 3 - 3, height * 2 / 3 + 3);
        Assert.InRange(inkWidth, 1, width / 7 + 3);
    }

    private static (int X, int Y, int Width, int Height) InkBounds(JsonElement response)
    {
        var bounds = response.GetProperty("inkBounds");
        return (bounds.GetProperty("x").GetInt32(), bounds.GetProperty("y").GetInt32(), bounds.GetProperty("width").GetInt32(), bounds.GetProperty("height").GetInt32());
    }

    [Fact]
    public async Task Light_ink_on_a_dark_background_is_read_the_same_way()
    {
        var result = await PostBytesAsync(PngWriter.LightBarOnDark(300, 300), "image/png");

        AssertInkIsAVerticalBarInTheMiddle(result.GetProperty("image").EnumerateArray().Select(v => v.GetDouble()).ToArray());
    }

    [Fact]
    public async Task A_fully_transparent_png_is_blank_and_gets_no_prediction()
    {
        var result = await PostBytesAsync(PngWriter.Rgba(64, 64, new byte[64 * 64 * 4]), "image/png");

        Assert.True(result.GetProperty("blank").GetBoolean());
        Assert.Empty(result.GetProperty("predictions").EnumerateArray());
    }

    [Fact]
    public async Task A_jpeg_is_decoded_and_classified()
    {
        var jpeg = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "one-dark-on-white.jpg"));

        var result = await PostBytesAsync(jpeg, "image/jpeg");

        Assert.Equal("image", result.GetProperty("input").GetString());
        var image = result.GetProperty("image").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        AssertInkIsAVerticalBarInTheMiddle(image);
        Assert.All(Predictions(result).Values, p => Assert.Equal("ready", p.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Json_strokes_are_rasterized_preprocessed_and_classified()
    {
        var drawing = new
        {
            width = 280,
            height = 280,
            strokes = new[] { new { width = 20, points = new[] { new[] { 140.0, 40 }, new[] { 141.0, 140 }, new[] { 140.0, 240 } } } },
        };

        var result = await PostJsonAsync(drawing);

        Assert.Equal("strokes", result.GetProperty("input").GetString());
        Assert.False(result.GetProperty("blank").GetBoolean());
        AssertInkIsAVerticalBarInTheMiddle(result.GetProperty("image").EnumerateArray().Select(v => v.GetDouble()).ToArray());
        Assert.Equal(7, result.GetProperty("digit").GetInt32());
        Assert.Equal(1, result.GetProperty("sideBySideParts").GetInt32());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("inkBounds").ValueKind); // only an image's
    }

    [Fact]
    public async Task A_tap_of_the_pen_apart_from_a_drawn_digit_is_left_out_of_the_image_and_counted()
    {
        var one = new { width = 20, points = new[] { new[] { 140.0, 40 }, new[] { 140.0, 240 } } };
        var tap = new { width = 20, points = new[] { new[] { 40.0, 240 } } };

        var alone = await PostJsonAsync(new { width = 280, height = 280, strokes = new[] { one } });
        var withTap = await PostJsonAsync(new { width = 280, height = 280, strokes = new[] { one, tap } });

        Assert.Equal(Image(alone), Image(withTap));
        Assert.Equal(1, withTap.GetProperty("strokesLeftOut").GetInt32());
        Assert.Equal(0, alone.GetProperty("strokesLeftOut").GetInt32());
        Assert.Equal(1, withTap.GetProperty("sideBySideParts").GetInt32());

        static double[] Image(JsonElement response) => response.GetProperty("image").EnumerateArray().Select(v => v.GetDouble()).ToArray();
    }

    [Fact]
    public async Task Numbers_written_in_two_rows_are_blank_with_the_reason()
    {
        // "17" above "71".
        object Stroke(params double[][] points) => new { width = 12, points };
        var result = await PostJsonAsync(new
        {
            width = 280,
            height = 280,
            strokes = new[]
            {
                Stroke([40, 20], [40, 120]), Stroke([110, 20], [180, 20], [130, 120]),
                Stroke([40, 160], [110, 160], [60, 260]), Stroke([170, 160], [170, 260]),
            },
        });

        Assert.True(result.GetProperty("blank").GetBoolean());
        Assert.StartsWith("written in 2 rows: the models read one row at a time", result.GetProperty("blankReason").GetString());
        Assert.Empty(result.GetProperty("predictions").EnumerateArray());
    }

    [Fact]
    public async Task Strokes_of_two_digits_side_by_side_are_counted_as_two_parts_and_read_digit_by_digit_as_a_number()
    {
        var one = new { width = 20, points = new[] { new[] { 70.0, 50 }, new[] { 70.0, 230 } } };
        var seven = new { width = 20, points = new[] { new[] { 160.0, 50 }, new[] { 250.0, 50 }, new[] { 190.0, 230 } } };

        var result = await PostJsonAsync(new { width = 280, height = 280, strokes = new[] { one, seven } });
        var oneAlone = await PostJsonAsync(new { width = 280, height = 280, strokes = new[] { one } });
        var sevenAlone = await PostJsonAsync(new { width = 280, height = 280, strokes = new[] { seven } });

        Assert.Equal(2, result.GetProperty("sideBySideParts").GetInt32());
        Assert.Equal(5, Predictions(result).Count);
        var digits = result.GetProperty("digits").EnumerateArray().ToArray();
        Assert.Equal(2, digits.Length);
        foreach (var (digit, alone) in digits.Zip([oneAlone, sevenAlone]))
        {
            Assert.Equal(Image(alone), Image(digit));
            Assert.Equal(alone.GetProperty("digit").GetInt32(), digit.GetProperty("digit").GetInt32());
            Assert.Equal(
                Predictions(alone).Values.Select(p => p.GetProperty("digit").GetInt32()),
                digit.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("digit").GetInt32()));
        }

        Assert.Equal($"{oneAlone.GetProperty("digit").GetInt32()}{sevenAlone.GetProperty("digit").GetInt32()}", result.GetProperty("number").GetString());
        Assert.Equal(JsonValueKind.Null, oneAlone.GetProperty("number").ValueKind);
        Assert.Equal(JsonValueKind.Null, oneAlone.GetProperty("digits").ValueKind);

        static double[] Image(JsonElement response) => response.GetProperty("image").EnumerateArray().Select(v => v.GetDouble()).ToArray();
    }

    [Fact]
    public async Task A_minus_sign_and_a_decimal_point_written_with_the_digits_are_read_in_the_number()
    {
        var minus = new { width = 12, points = new[] { new[] { 15.0, 140 }, new[] { 50.0, 140 } } };
        var one = new { width = 20, points = new[] { new[] { 75.0, 50 }, new[] { 75.0, 230 } } };
        var point = new { width = 16, points = new[] { new[] { 118.0, 228 } } };
        var seven = new { width = 20, points = new[] { new[] { 160.0, 50 }, new[] { 250.0, 50 }, new[] { 190.0, 230 } } };

        var result = await PostJsonAsync(new { width = 280, height = 280, strokes = new object[] { minus, one, point, seven } });

        Assert.Equal(2, result.GetProperty("sideBySideParts").GetInt32());
        var digits = result.GetProperty("digits").EnumerateArray().Select(d => d.GetProperty("digit").GetInt32()).ToArray();
        Assert.Equal($"-{digits[0]}.{digits[1]}", result.GetProperty("number").GetString());
    }

    [Fact]
    public async Task One_digit_after_a_minus_sign_is_read_as_a_negative_number_and_the_models_see_the_digit_alone()
    {
        var minus = new { width = 12, points = new[] { new[] { 30.0, 140 }, new[] { 80.0, 140 } } };
        var seven = new { width = 20, points = new[] { new[] { 120.0, 50 }, new[] { 230.0, 50 }, new[] { 160.0, 230 } } };

        var result = await PostJsonAsync(new { width = 280, height = 280, strokes = new object[] { minus, seven } });
        var alone = await PostJsonAsync(new { width = 280, height = 280, strokes = new object[] { seven } });

        var digit = Assert.Single(result.GetProperty("digits").EnumerateArray().ToArray());
        Assert.Equal($"-{digit.GetProperty("digit").GetInt32()}", result.GetProperty("number").GetString());
        Assert.Equal(Image(alone), Image(result));
        Assert.Equal(Image(alone), digit.GetProperty("image").EnumerateArray().Select(v => v.GetDouble()).ToArray());
        Assert.Equal((1, 0), (result.GetProperty("sideBySideParts").GetInt32(), result.GetProperty("strokesLeftOut").GetInt32()));

        static double[] Image(JsonElement response) => response.GetProperty("image").EnumerateArray().Select(v => v.GetDouble()).ToArray();
    }

    [Fact]
    public async Task A_photo_of_two_digits_side_by_side_is_counted_as_two_parts_and_read_as_a_number()
    {
        // "17" in dark ink on a light 640x480 page, the pen 16 px.
        var strokes = new StrokeDrawing(640, 480,
        [
            new Stroke([new StrokePoint(220, 120), new StrokePoint(235, 100), new StrokePoint(235, 380)], 16),
            new Stroke([new StrokePoint(330, 110), new StrokePoint(440, 110), new StrokePoint(370, 380)], 16),
        ]);
        var result = await PostBytesAsync(Photo(strokes), "image/png");

        Assert.Equal(2, result.GetProperty("sideBySideParts").GetInt32());
        Assert.Equal(5, Predictions(result).Count);
        var digits = result.GetProperty("digits").EnumerateArray().ToArray();
        Assert.Equal(2, digits.Length);
        Assert.Equal(string.Concat(digits.Select(d => d.GetProperty("digit").GetInt32())), result.GetProperty("number").GetString());
        Assert.All(digits, digit => Assert.Equal(5, digit.GetProperty("predictions").GetArrayLength()));

        // Where each digit lies in the photo (the pen's 8 px either side of its strokes), and the whole around both.
        var (one, seven, whole) = (InkBounds(digits[0]), InkBounds(digits[1]), InkBounds(result));
        Assert.InRange(one.X, 205, 225);
        Assert.InRange(one.X + one.Width, 235, 250);
        Assert.InRange(seven.X, 315, 335);
        Assert.InRange(seven.X + seven.Width, 440, 455);
        Assert.All([one, seven], digit => Assert.InRange(digit.Y + digit.Height, 380, 395));
        Assert.Equal((one.X, seven.X + seven.Width), (whole.X, whole.X + whole.Width));
    }

    [Fact]
    public async Task A_photo_of_two_round_digits_touching_side_by_side_is_read_as_a_number_of_two_digits()
    {
        // "00" on a 640x480 page, the pen 16 px: two rings 130 px wide and 220 px tall whose marks touch at mid-height.
        var strokes = new StrokeDrawing(640, 480, [Ring(250), Ring(396)]);

        var result = await PostBytesAsync(Photo(strokes), "image/png");

        Assert.Equal(2, result.GetProperty("sideBySideParts").GetInt32());
        var digits = result.GetProperty("digits").EnumerateArray().ToArray();
        Assert.Equal(2, digits.Length);
        Assert.Equal(string.Concat(digits.Select(d => d.GetProperty("digit").GetInt32())), result.GetProperty("number").GetString());

        static Stroke Ring(float centreX) => new(
            Enumerable.Range(0, 37).Select(i => i * Math.PI * 2 / 36)
                .Select(a => new StrokePoint(centreX + (float)(65 * Math.Cos(a)), 240 + (float)(110 * Math.Sin(a)))).ToArray(),
            16);
    }

    [Fact]
    public async Task Ink_read_as_one_digit_but_far_wider_than_one_is_said_to_be_so()
    {
        var one = new { width = 20, points = new double[][] { [140, 50], [140, 230] } };
        var zeroZeroInOneStroke = new
        {
            width = 20,
            points = new double[][] { [60, 100], [20, 140], [60, 180], [100, 140], [60, 100], [140, 100], [100, 140], [140, 180], [180, 140], [140, 100] },
        };

        var digit = await PostJsonAsync(new { width = 280, height = 280, strokes = new[] { one } });
        var number = await PostJsonAsync(new { width = 280, height = 280, strokes = new[] { zeroZeroInOneStroke } });

        Assert.False(digit.GetProperty("widerThanADigit").GetBoolean());
        Assert.True(number.GetProperty("widerThanADigit").GetBoolean());
        Assert.Equal(1, number.GetProperty("sideBySideParts").GetInt32());
    }

    [Fact]
    public async Task A_digit_of_a_number_far_wider_than_one_is_said_to_be_so()
    {
        // A 1, then, apart from it, a zigzag as wide as three digits, which no cut parts: every model reads anything 0, 50 % sure.
        var drawing = new
        {
            width = 280,
            height = 280,
            strokes = new[]
            {
                new { width = 20, points = new double[][] { [40, 50], [40, 230] } },
                new { width = 20, points = new double[][] { [90, 90], [120, 190], [150, 90], [180, 190], [210, 90], [240, 190], [270, 90] } },
            },
        };
        using var factory = app.Factory.WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => services.AddSingleton<IDigitClassifier>(new InkHeightClassifier(0.5f, tallRows: MnistGeometry.Side + 1))));

        var response = await factory.CreateClient().PostAsJsonAsync("/api/predict", drawing);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("00", result.GetProperty("number").GetString());
        Assert.False(result.GetProperty("widerThanADigit").GetBoolean()); // the whole is a number, read digit by digit
        Assert.Equal([false, true], result.GetProperty("digits").EnumerateArray().Select(d => d.GetProperty("widerThanADigit").GetBoolean()));
    }

    [Fact]
    public async Task A_photo_of_one_digit_after_a_minus_sign_is_read_as_a_negative_number_and_the_models_see_the_digit_alone()
    {
        Stroke[] seven = [new Stroke([new StrokePoint(330, 110), new StrokePoint(440, 110), new StrokePoint(370, 380)], 16)];
        var minus = new Stroke([new StrokePoint(180, 240), new StrokePoint(260, 240)], 16);

        var result = await PostBytesAsync(Photo(new StrokeDrawing(640, 480, [minus, .. seven])), "image/png");
        var alone = await PostBytesAsync(Photo(new StrokeDrawing(640, 480, seven)), "image/png");

        var digit = Assert.Single(result.GetProperty("digits").EnumerateArray().ToArray());
        Assert.Equal($"-{digit.GetProperty("digit").GetInt32()}", result.GetProperty("number").GetString());
        Assert.Equal(Image(alone), Image(result));
        Assert.Equal(Image(alone), digit.GetProperty("image").EnumerateArray().Select(v => v.GetDouble()).ToArray());
        Assert.Equal(1, result.GetProperty("sideBySideParts").GetInt32());
        Assert.Equal(JsonValueKind.Null, alone.GetProperty("number").ValueKind);

        static double[] Image(JsonElement response) => response.GetProperty("image").EnumerateArray().Select(v => v.GetDouble()).ToArray();
    }

    [Theory]
    [InlineData(0.5f, true)]
    [InlineData(0.9999f, false)] // read whole more surely than both sides together (wider than a digit, no margin is needed)
    public async Task A_photo_of_ink_wide_for_one_digit_is_read_as_two_touching_digits_when_the_models_read_both_sides_of_a_cut_surely(
        float wholeConfidence, bool parted)
    {
        // A wide U: one piece of ink, no gap or join to part it. Each side of a cut is fitted 20 pixels tall, the whole
        // only 20 wide; the models here read ink 18 rows tall or more as 4 surely, and the whole as 0.
        var wideU = new StrokeDrawing(400, 280, [new Stroke([new(60, 60), new(60, 200), new(100, 230), new(300, 230), new(340, 200), new(340, 60)], 16)]);
        var classifier = new InkHeightClassifier(wholeConfidence);
        using var factory = app.Factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<IDigitClassifier>(classifier)));
        using var content = new ByteArrayContent(Photo(wideU));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");

        var response = await factory.CreateClient().PostAsync("/api/predict", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, result.GetProperty("digit").GetInt32()); // the whole, as always
        Assert.Equal(parted, result.GetProperty("partedWhereTouching").GetBoolean());
        Assert.Equal(!parted, result.GetProperty("widerThanADigit").GetBoolean());
        Assert.Equal(parted ? 2 : 1, result.GetProperty("sideBySideParts").GetInt32());
        if (parted)
        {
            Assert.Equal("44", result.GetProperty("number").GetString());
            Assert.Equal([4, 4], result.GetProperty("digits").EnumerateArray().Select(d => d.GetProperty("digit").GetInt32()));
        }
        else
        {
            Assert.Equal(JsonValueKind.Null, result.GetProperty("number").ValueKind);
        }

        // Ink wider than a digit has its cuts read however surely the whole is read.
        Assert.InRange(classifier.Calls, 3, 1 + 2 * TouchingCuts.MostCutsTried);
    }

    [Fact]
    public async Task Ink_read_as_one_digit_is_read_as_two_touching_digits_when_the_query_asks_for_two_and_a_bad_ask_is_refused()
    {
        // The wide U above, its whole read so surely that no cut is taken unasked.
        var wideU = new StrokeDrawing(400, 280, [new Stroke([new(60, 60), new(60, 200), new(100, 230), new(300, 230), new(340, 200), new(340, 60)], 16)]);
        using var factory = app.Factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<IDigitClassifier>(new InkHeightClassifier(0.9999f))));
        var client = factory.CreateClient();
        var photo = Photo(wideU);

        var asked = await (await client.PostAsync($"/api/predict?{MnistBlazor.Server.Api.ApiEndpoints.DigitsParameter}=2", Png(photo))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(0, asked.GetProperty("digit").GetInt32()); // the whole, as always
        Assert.Equal("44", asked.GetProperty("number").GetString());
        Assert.True(asked.GetProperty("partedWhereTouching").GetBoolean());
        Assert.False(asked.GetProperty("widerThanADigit").GetBoolean());
        await AssertProblemAsync(await client.PostAsync("/api/predict?digits=3", Png(photo)), "Invalid digits", "can only be 2");

        static ByteArrayContent Png(byte[] image)
        {
            var content = new ByteArrayContent(image);
            content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            return content;
        }
    }

    [Fact]
    public async Task A_photo_of_a_number_with_a_digit_wide_for_one_is_read_with_that_digit_parted_when_the_models_read_both_sides_surely()
    {
        // "1", then apart from it a wide U (its two sides read as 4s here, the U whole as 0).
        var number = new StrokeDrawing(640, 280,
        [
            new Stroke([new(80, 60), new(80, 230)], 16),
            new Stroke([new(200, 60), new(200, 200), new(240, 230), new(440, 230), new(480, 200), new(480, 60)], 16),
        ]);
        var classifier = new InkHeightClassifier(shortInkConfidence: 0.5f);
        using var factory = app.Factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<IDigitClassifier>(classifier)));
        using var content = new ByteArrayContent(Photo(number));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");

        var result = await (await factory.CreateClient().PostAsync("/api/predict", content)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("444", result.GetProperty("number").GetString());
        Assert.Equal(3, result.GetProperty("digits").GetArrayLength());
        Assert.Equal(3, result.GetProperty("sideBySideParts").GetInt32());
        Assert.True(result.GetProperty("partedWhereTouching").GetBoolean());
    }

    [Fact]
    public async Task Two_digits_drawn_across_each_other_are_parted_by_their_strokes_when_the_models_read_both_sides_surely()
    {
        // A 1 and a 0 whose marks overlap by more than half the pen: one piece to the strokes, read whole as 4 (97 %
        // sure) here, and each digit drawn alone as 4 too.
        var one = new { width = 20, points = new double[][] { [100, 60], [100, 200] } };
        var zero = new { width = 20, points = new double[][] { [105, 60], [205, 60], [205, 200], [105, 200], [105, 60] } };
        var classifier = new InkHeightClassifier(shortInkConfidence: 0.5f);
        using var factory = app.Factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<IDigitClassifier>(classifier)));

        var response = await factory.CreateClient().PostAsJsonAsync("/api/predict", new { width = 280, height = 280, strokes = new[] { one, zero } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(4, result.GetProperty("digit").GetInt32()); // the whole, as always
        Assert.True(result.GetProperty("partedWhereTouching").GetBoolean());
        Assert.Equal("44", result.GetProperty("number").GetString());
        Assert.Equal(2, result.GetProperty("sideBySideParts").GetInt32());
        Assert.InRange(classifier.Calls, 3, 1 + 2 * TouchingCuts.MostCutsTried);
    }

    /// <summary>Every model says 4 (0.97) of ink at least <paramref name="tallRows"/> rows tall, else 0 with the confidence given.</summary>
    private sealed class InkHeightClassifier(float shortInkConfidence, int tallRows = 18) : IDigitClassifier
    {
        private int calls;

        public int Calls => calls;

        public IReadOnlyList<ModelStatus> Models { get; } =
            [.. ModelCatalog.All.Select(m => new ModelStatus(m.Id, m.DisplayName, ModelAvailability.Ready, null)),
             new ModelStatus(ModelCatalog.EnsembleId, ModelCatalog.EnsembleDisplayName, ModelAvailability.Ready, null)];

        public string ModelsDirectory => "models";

        public event Action? ModelsChanged { add { } remove { } }

        public Task<DigitClassification> ClassifyAsync(ReadOnlyMemory<float> pixels, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref calls);
            var image = pixels.ToArray();
            var rows = Enumerable.Range(0, MnistGeometry.Side).Count(y => image.AsSpan(y * MnistGeometry.Side, MnistGeometry.Side).ContainsAnyExcept(0f));
            var (digit, confidence) = rows >= tallRows ? (4, 0.97f) : (0, shortInkConfidence);
            var probabilities = Enumerable.Repeat((1 - confidence) / 9, 10).ToArray();
            probabilities[digit] = confidence;
            return Task.FromResult(new DigitClassification(Models.Select(m => new ModelVerdict(m, probabilities, TimeSpan.Zero)).ToArray()));
        }
    }

    /// <summary>The strokes in dark ink on a light page, as a PNG.</summary>
    private static byte[] Photo(StrokeDrawing strokes)
    {
        var ink = StrokeRasterizer.Rasterize(strokes).Ink;
        var rgba = new byte[strokes.Width * strokes.Height * 4];
        for (var i = 0; i < ink.Length; i++)
        {
            var level = (byte)(235 - 200 * ink[i]);
            (rgba[i * 4], rgba[i * 4 + 1], rgba[i * 4 + 2], rgba[i * 4 + 3]) = (level, level, level, 255);
        }

        return PngWriter.Rgba(strokes.Width, strokes.Height, rgba);
    }

    public static TheoryData<string, string, string> BadJsonBodies => new()
    {
        { """{"pixels": [0, 1, 0]}""", "Invalid input", "has 3 values; expected 784" },
        { """{"pixels": [0]}""", "Invalid input", "\"pixels\" has 1 value; expected 784" },
        { $$"""{"pixels": ["NaN"{{string.Concat(Enumerable.Repeat(", 0", 783))}}]}""", "Invalid input", "pixels[0] is the string \"NaN\"" },
        { $$"""{"pixels": [NaN{{string.Concat(Enumerable.Repeat(", 0", 783))}}]}""", "Invalid JSON", "not valid JSON at line 1" },
        { $$"""{"pixels": [0{{string.Concat(Enumerable.Repeat(", 0", 782))}}, 300]}""", "Invalid input", "pixels[783] is 300" },
        { $$"""{"pixels": [0{{string.Concat(Enumerable.Repeat(", 0", 782))}}, -1]}""", "Invalid input", "pixels[783] is -1" },
        { """{"pixels": "all white"}""", "Invalid input", "must be an array of 784 numbers" },
        { """{"pixels": [0, 1""", "Invalid JSON", "not valid JSON" },
        { """[1, 2, 3]""", "Invalid input", "must be an object" },
        { """{}""", "Invalid input", "neither \"pixels\"" },
        { """{"pixels": [], "strokes": []}""", "Invalid input", "both \"pixels\" and \"strokes\"" },
        { """{"height": 280, "strokes": []}""", "Invalid input", "needs \"width\"" },
        { """{"width": 0, "height": 280, "strokes": []}""", "Invalid input", "\"width\" is 0" },
        { """{"width": 280, "height": 280, "strokes": [{"width": 10, "points": [[10, 10], [900, 10]]}]}""", "Invalid input", "strokes[0].points[1] is (900, 10), too far outside the 280x280 canvas" },
        { """{"width": 280, "height": 280, "strokes": [{"width": 10, "points": [[10, 10, 3]]}]}""", "Invalid input", "strokes[0].points[0] must be an [x, y] pair" },
        { """{"width": 280, "height": 280, "strokes": [{"points": [[10, 10]]}]}""", "Invalid input", "strokes[0] has no \"width\"" },
        { """{"width": 280, "height": 280, "strokes": [{"width": -2, "points": [[10, 10]]}]}""", "Invalid input", "strokes[0].width is -2" },
        { """{"width": 280, "height": 280, "strokes": [{"width": 5, "points": []}]}""", "Invalid input", "strokes[0].points must be a non-empty array" },
    };

    [Theory]
    [MemberData(nameof(BadJsonBodies))]
    public async Task Bad_json_gets_400_problem_details_saying_what_is_wrong(string json, string title, string expectedDetail)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        await AssertProblemAsync(await client.PostAsync("/api/predict", content), title, expectedDetail);
    }

    public static TheoryData<string, byte[], string, string> BadImageBodies => new()
    {
        { "image/png", "hello, this is text"u8.ToArray(), "Not an image", "not a PNG or JPEG image" },
        { "image/png", [], "Empty body", "empty" },
        { "image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4, 5, 6, 7, 8, 9], "Corrupt image", "PNG" },
        { "image/png", PngWriter.VerticalBar(64, 64)[..70], "Corrupt image", "The PNG image (64x64) cannot be decoded: its data is damaged or cut short." },
        { "image/png", PngWriter.HeaderOnly(100_000, 100_000), "Image too large", "100000x100000" },
        { "image/png", PngWriter.HeaderOnly(4000, 4000), "Image too large", "4000x4000" },
        // A small file that would decode to 8.4 megapixels (33 MB as RGBA): refused from its header.
        { "image/png", PngWriter.HeaderOnly(2896, 2896), "Image too large", "2896x2896 pixels; at most 4096 pixels a side and 4194304 pixels in all" },
        { "image/png", PngWriter.HeaderOnly(4096, 1025), "Image too large", "4096x1025" },
        { "image/jpeg", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 0, 0, 0, 0, 0, 0], "Corrupt image", "JPEG" },
    };

    [Theory]
    [MemberData(nameof(BadImageBodies))]
    public async Task Bad_images_get_400_problem_details_saying_what_is_wrong(string contentType, byte[] body, string title, string expectedDetail)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        await AssertProblemAsync(await client.PostAsync("/api/predict", content), title, expectedDetail);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413()
    {
        using var content = new ByteArrayContent(new byte[1024 * 1024 + 10]);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");

        await AssertProblemAsync(await client.PostAsync("/api/predict", content), "Body too large", "at most 1048576", HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_refused_with_413()
    {
        using var content = new StreamContent(new MemoryStream(new byte[1024 * 1024 + 10]));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/predict") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        await AssertProblemAsync(await client.SendAsync(request), "Body too large", "at most 1048576", HttpStatusCode.RequestEntityTooLarge);
    }

    private static async Task AssertProblemAsync(
        HttpResponseMessage response, string title, string expectedDetail, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(title, problem.GetProperty("title").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains(expectedDetail, detail);
        Assert.EndsWith(".", detail); // a sentence for people: nothing appended by the framework, no control characters
        Assert.DoesNotMatch(@"\p{Cc}", detail);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task The_answer_says_when_the_image_is_unlike_the_digits_the_profiled_models_learned()
    {
        var pixels = new float[784];
        pixels[400] = 1;
        var plain = await PostJsonAsync(new { pixels });
        Assert.False(plain.GetProperty("unfamiliar").GetBoolean());
        Assert.All(Predictions(plain).Values, p => Assert.Equal(JsonValueKind.Null, p.GetProperty("familiarity").ValueKind));

        // The simple CNN with a profile whose threshold no image stays within: the only profiled model, so the majority.
        using var models = TestModels.AllFour();
        File.WriteAllBytes(models.OnnxPath("simple-cnn"), ProfiledSimpleCnn.File(ProfiledSimpleCnn.CentredProfile(threshold: 1e-6f).ToMetadata()));
        using var factory = new WebAppFactory(models.Directory);
        using var profiledClient = factory.CreateClient();
        var response = await profiledClient.PostAsJsonAsync("/api/predict", new { pixels });
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(result.GetProperty("unfamiliar").GetBoolean());
        var familiarity = Predictions(result)["simple-cnn"].GetProperty("familiarity");
        Assert.True(familiarity.GetProperty("distance").GetDouble() > 1e-6);
        Assert.Equal(1e-6, familiarity.GetProperty("threshold").GetDouble(), precision: 9);
        Assert.True(familiarity.GetProperty("unfamiliar").GetBoolean());
        Assert.Equal(JsonValueKind.Null, Predictions(result)["cnn-proj"].GetProperty("familiarity").ValueKind);

        // Its evidence says which ink sets the image apart, in thresholds of its distance.
        var explained = await (await profiledClient.PostAsJsonAsync("/api/explain", new { pixels })).Content.ReadFromJsonAsync<JsonElement>();
        var explanations = explained.GetProperty("explanations").EnumerateArray().ToDictionary(e => e.GetProperty("modelId").GetString()!);
        Assert.Equal(familiarity.GetProperty("distance").GetDouble() / 1e-6, explanations["simple-cnn"].GetProperty("distanceRatio").GetDouble(), 0.001 * 1e6 * familiarity.GetProperty("distance").GetDouble());
        Assert.Equal(784, explanations["simple-cnn"].GetProperty("likeness").GetArrayLength());
        Assert.Equal(784, explanations["ensemble"].GetProperty("likeness").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, explanations["cnn-proj"].GetProperty("likeness").ValueKind);

        // A number's digits each say it of themselves.
        var seventeen = new
        {
            width = 280,
            height = 280,
            strokes = new object[]
            {
                new { width = 16, points = new[] { new[] { 70, 50 }, new[] { 70, 230 } } },
                new { width = 16, points = new[] { new[] { 160, 50 }, new[] { 250, 50 }, new[] { 190, 230 } } },
            },
        };
        var number = await (await profiledClient.PostAsJsonAsync("/api/predict", seventeen)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, number.GetProperty("digits").GetArrayLength());
        Assert.All(number.GetProperty("digits").EnumerateArray(), digit => Assert.True(digit.GetProperty("unfamiliar").GetBoolean()));
    }

    private async Task<JsonElement> PostJsonAsync(object body)
    {
        var response = await client.PostAsJsonAsync("/api/predict", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> PostBytesAsync(byte[] body, string contentType)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var response = await client.PostAsync("/api/predict", content);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Dictionary<string, JsonElement> Predictions(JsonElement result) =>
        result.GetProperty("predictions").EnumerateArray()
            .ToDictionary(p => p.GetProperty("modelId").GetString()!, p => p);

    /// <summary>A vertical stroke ends up as ink in the middle columns, spanning many rows.</summary>
    private static void AssertInkIsAVerticalBarInTheMiddle(double[] image)
    {
        Assert.Equal(784, image.Length);
        var inkColumns = Enumerable.Range(0, 28).Where(x => Enumerable.Range(0, 28).Any(y => image[y * 28 + x] > 0.3)).ToArray();
        var inkRows = Enumerable.Range(0, 28).Where(y => Enumerable.Range(0, 28).Any(x => image[y * 28 + x] > 0.3)).ToArray();
        Assert.NotEmpty(inkColumns);
        Assert.InRange(inkColumns.Average(), 10, 18);
        Assert.True(inkColumns.Length <= 8, $"ink spans {inkColumns.Length} columns");
        Assert.True(inkRows.Length >= 14, $"ink spans only {inkRows.Length} rows");
    }
}
