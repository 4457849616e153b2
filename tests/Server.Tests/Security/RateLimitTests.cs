using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Client.Drawing;
using MnistBlazor.Server.Security;
using MnistBlazor.Server.Tests.Drawings;
using MnistBlazor.Server.Tests.Support;

namespace MnistBlazor.Server.Tests.Security;

public sealed class RateLimitTests
{
    private static IPAddress Client(int n) => IPAddress.Parse($"198.51.100.{n}");

    [Fact]
    public async Task A_client_over_its_window_gets_429_with_Retry_After_and_other_clients_do_not()
    {
        using var app = new DrawingsAppFactory(new Dictionary<string, string>
        {
            ["Limits:ClientRequestsPerWindow"] = "3",
            ["Limits:ClientWindow"] = "00:01:00",
        });
        var client = app.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Requests.Get("/api/models", Client(1)))).StatusCode);
        }

        var refused = await client.SendAsync(Requests.Get("/api/models", Client(1)));
        var detail = await Requests.AssertProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Contains("retry after", detail);
        var retryAfter = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Requests.Get("/api/models", Client(2)))).StatusCode);
        // The pages are not counted against the API's window.
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Requests.Get("/", Client(1)))).StatusCode);
    }

    [Fact]
    public async Task A_client_keeps_at_most_its_share_of_page_connections_open_and_others_are_not_held_back()
    {
        using var app = new DrawingsAppFactory(new Dictionary<string, string> { ["Limits:PageConnectionsPerClient"] = "2" });
        var client = app.CreateClient();
        var first = await OpenPageConnectionAsync(app, client, Client(1));
        var second = await OpenPageConnectionAsync(app, client, Client(1));

        // Two pages open: the client's next page cannot connect, another client's can.
        await Requests.AssertProblemAsync(await NegotiateAsync(client, Client(1)), HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Requests.Get(RequestLimits.PageConnectionsPath + "/initializers", Client(1)))).StatusCode); // the script's start-up list is no connection
        var other = await OpenPageConnectionAsync(app, client, Client(2));

        // A page closed gives its connection back.
        await first.CloseAsync(WebSocketCloseStatus.NormalClosure, "page closed", CancellationToken.None);
        await Eventually.TrueAsync(async () => (await NegotiateAsync(client, Client(1))).StatusCode == HttpStatusCode.OK);

        foreach (var socket in new[] { second, other })
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "page closed", CancellationToken.None);
        }
    }

    private static Task<HttpResponseMessage> NegotiateAsync(HttpClient client, IPAddress from)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, RequestLimits.PageConnectionsPath + "/negotiate?negotiateVersion=1");
        request.Headers.Add(RemoteAddresses.Header, from.ToString());
        return client.SendAsync(request);
    }

    /// <summary>Connects as an interactive page does: negotiation, then the circuit's WebSocket with its handshake.</summary>
    private static async Task<WebSocket> OpenPageConnectionAsync(DrawingsAppFactory app, HttpClient client, IPAddress from)
    {
        var negotiated = await NegotiateAsync(client, from);
        Assert.Equal(HttpStatusCode.OK, negotiated.StatusCode);
        var token = (await Requests.JsonAsync(negotiated)).GetProperty("connectionToken").GetString();
        var sockets = app.Server.CreateWebSocketClient();
        sockets.ConfigureRequest = request => request.Headers[RemoteAddresses.Header] = from.ToString();
        var socket = await sockets.ConnectAsync(new Uri(app.Server.BaseAddress, $"{RequestLimits.PageConnectionsPath.TrimStart('/')}?id={token}"), CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"blazorpack\",\"version\":1}\u001e"), WebSocketMessageType.Text, true, CancellationToken.None);
        return socket;
    }

    [Fact]
    public async Task Concurrent_clients_beyond_the_inference_limit_and_its_queue_get_429_with_Retry_After()
    {
        using var models = new ModelsHeldBusy(inferenceConcurrency: 2, inferenceQueue: 2);
        var (classifier, client) = (models.Classifier, models.Client);

        // 20 clients at once while the models are busy: 2 run, 2 wait, 16 are turned away at once.
        var requests = Enumerable.Range(1, 20)
            .Select(n => client.SendAsync(Requests.Post("/api/predict", Requests.Stroke(), from: Client(n))))
            .ToArray();
        await WaitUntilAsync(() => classifier.Started == 2 && requests.Count(r => r.IsCompleted) == 16);

        var refused = requests.Where(r => r.IsCompleted).Select(r => r.Result).ToArray();
        foreach (var response in refused)
        {
            await Requests.AssertProblemAsync(response, HttpStatusCode.TooManyRequests);
            Assert.Equal("1", Assert.Single(response.Headers.GetValues("Retry-After")));
        }

        classifier.Release();
        var answered = await Task.WhenAll(requests.Where(r => !refused.Contains(r.Result)));
        Assert.Equal(4, answered.Length);
        Assert.All(answered, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(4, classifier.Started);
    }

    [Fact]
    public async Task Measuring_every_model_on_the_drawings_shares_the_inference_limit()
    {
        using var models = new ModelsHeldBusy(inferenceConcurrency: 1, inferenceQueue: 0);
        var (classifier, client) = (models.Classifier, models.Client);

        var busy = client.SendAsync(Requests.Post("/api/predict", Requests.Stroke()));
        await classifier.FirstStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await Requests.AssertProblemAsync(await client.GetAsync("/api/drawings/measure"), HttpStatusCode.TooManyRequests);
        classifier.Release();
        Assert.Equal(HttpStatusCode.OK, (await busy).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/drawings/measure")).StatusCode);
    }

    [Fact]
    public async Task An_image_opened_on_a_page_shares_the_inference_limit_and_is_refused_by_name_when_it_is_full()
    {
        using var models = new ModelsHeldBusy(inferenceConcurrency: 1, inferenceQueue: 0);
        var (classifier, client) = (models.Classifier, models.Client);
        var pages = models.App.Services.GetRequiredService<IDigitImageReader>();
        var png = PngWriter.VerticalBar(300, 300);

        var busy = client.SendAsync(Requests.Post("/api/predict", Requests.Stroke()));
        await classifier.FirstStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var refused = await pages.ReadAsync("one.png", png);

        Assert.Null(refused.Digit);
        Assert.Equal("one.png was not read: the server is busy reading other images and digits. Open it again in a moment.", refused.Problem);
        classifier.Release();
        Assert.Equal(HttpStatusCode.OK, (await busy).StatusCode);
        var read = await pages.ReadAsync("one.png", png);
        Assert.Null(read.Problem);
        Assert.False(read.Digit!.IsBlank);
    }

    [Fact]
    public async Task Sign_in_attempts_are_limited_per_client()
    {
        using var app = new DrawingsAppFactory(new Dictionary<string, string>
        {
            ["Owner:Password"] = "correct horse",
            ["Limits:SignInAttemptsPerWindow"] = "2",
        });
        var client = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await client.SendAsync(Requests.Post("/signin", "Password=guess", "application/x-www-form-urlencoded", Client(9)))).StatusCode);
        }

        // The first two are judged (and refused: no antiforgery token), the rest are not even looked at.
        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition was not met in time.");
            await Task.Delay(20);
        }
    }

    /// <summary>An app with the given inference limit whose models answer only when released (released before the app stops).</summary>
    private sealed class ModelsHeldBusy : IDisposable
    {
        public ModelsHeldBusy(int inferenceConcurrency, int inferenceQueue)
        {
            App = new DrawingsAppFactory(
                new Dictionary<string, string>
                {
                    ["Limits:InferenceConcurrency"] = inferenceConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["Limits:InferenceQueue"] = inferenceQueue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
                classifier: Classifier);
            Client = App.CreateClient();
        }

        public RecordingClassifier Classifier { get; } = new();

        public DrawingsAppFactory App { get; }

        public HttpClient Client { get; }

        public void Dispose()
        {
            Classifier.Dispose();
            App.Dispose();
        }
    }
}
