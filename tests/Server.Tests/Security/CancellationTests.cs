using System.Net;
using MnistBlazor.Server.Tests.Drawings;

namespace MnistBlazor.Server.Tests.Security;

/// <summary>Work stops when nobody waits for it any more: the client went away, or the request ran out of time.</summary>
public sealed class CancellationTests
{
    [Theory]
    [InlineData("/api/predict")]
    [InlineData("/api/drawings")]
    public async Task When_the_client_gives_up_the_classification_is_cancelled(string path)
    {
        var classifier = new RecordingClassifier();
        using var app = new DrawingsAppFactory(classifier: classifier);
        using var releasedBeforeTheAppStops = classifier;
        var client = app.CreateClient();
        using var givingUp = new CancellationTokenSource();

        var request = client.SendAsync(Requests.Post(path, Requests.Stroke(label: 1)), givingUp.Token);
        await classifier.FirstStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await givingUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        await classifier.FirstCancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, classifier.Cancelled);
        Assert.Equal(0, app.Drawings.Store.Count());
    }

    [Fact]
    public async Task A_request_over_the_api_timeout_gets_504_and_its_work_is_cancelled()
    {
        var classifier = new RecordingClassifier();
        using var app = new DrawingsAppFactory(
            new Dictionary<string, string> { ["Limits:ApiRequestTimeout"] = "00:00:00.300" }, classifier: classifier);
        using var releasedBeforeTheAppStops = classifier;
        var client = app.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(30);

        var response = await client.SendAsync(Requests.Post("/api/predict", Requests.Stroke()));

        var detail = await Requests.AssertProblemAsync(response, HttpStatusCode.GatewayTimeout);
        Assert.Contains("longer than 0.3 s", detail);
        Assert.Equal(1, classifier.Cancelled);
    }
}
