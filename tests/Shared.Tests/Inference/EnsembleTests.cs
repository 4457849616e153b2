using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Shared.Tests.Inference;

public sealed class EnsembleTests
{
    private static readonly float[] ConfidentSeven = [0, 0, 0, 0, 0, 0, 0, 0.9f, 0.1f, 0];
    private static readonly float[] UnsureEight = [0, 0, 0, 0, 0, 0, 0, 0.4f, 0.6f, 0];

    [Fact]
    public void Soft_vote_is_the_argmax_of_the_mean_not_a_majority_of_labels()
    {
        var mean = Ensemble.Average([ConfidentSeven, UnsureEight, UnsureEight]);

        Assert.Equal(7, TestMetrics.ArgMax(mean)); // a majority vote of labels would say 8
        Assert.Equal(17f / 30, mean[7], 6);
    }

    [Fact]
    public void Members_scoring_different_images_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => Ensemble.Average([ConfidentSeven, [.. ConfidentSeven, .. UnsureEight]]));

        Assert.Contains("20 probabilities beside 10", e.Message);
        Assert.Throws<ArgumentException>(() => Ensemble.Average([]));
    }

    [Fact]
    public void Status_counts_only_the_members_and_says_how_many_answer()
    {
        var statuses = ModelCatalog.All.Select(m => Status(m.Id, m.Id == ModelCatalog.CnnQuadrants.Id ? ModelAvailability.NotTrained : ModelAvailability.Ready));

        var status = Ensemble.Status(statuses);

        Assert.Equal((ModelCatalog.EnsembleId, ModelAvailability.Ready, "2 of 3 CNNs available"), (status.ModelId, status.Availability, status.Reason));
    }

    [Fact]
    public void Without_a_ready_member_the_status_says_whether_one_was_ever_trained()
    {
        var onlyNn = ModelCatalog.All.Select(m => Status(m.Id, m.IsConvolutional ? ModelAvailability.NotTrained : ModelAvailability.Ready));
        var broken = ModelCatalog.All.Select(m => Status(m.Id, m.Id == ModelCatalog.SimpleCnn.Id ? ModelAvailability.Unavailable : ModelAvailability.NotTrained));

        Assert.Equal(ModelAvailability.NotTrained, Ensemble.Status(onlyNn).Availability);
        Assert.Equal(ModelAvailability.Unavailable, Ensemble.Status(broken).Availability);
    }

    [Fact]
    public void Verdict_averages_the_members_that_answered_and_adds_their_times()
    {
        ModelVerdict[] verdicts =
        [
            new(Status(ModelCatalog.Nn.Id, ModelAvailability.Ready), ConfidentSeven, TimeSpan.FromMilliseconds(1)),
            new(Status(ModelCatalog.SimpleCnn.Id, ModelAvailability.Ready), UnsureEight, TimeSpan.FromMilliseconds(2)),
            new(Status(ModelCatalog.CnnProjections.Id, ModelAvailability.Ready), UnsureEight, TimeSpan.FromMilliseconds(3)),
            ModelVerdict.WithoutAnswer(Status(ModelCatalog.CnnQuadrants.Id, ModelAvailability.NotTrained)),
        ];

        var verdict = Ensemble.Verdict(verdicts, testAccuracy: 0.99);

        Assert.True(verdict.IsEnsemble);
        Assert.Equal(UnsureEight, verdict.Probabilities); // the NN is not a member
        Assert.Equal(TimeSpan.FromMilliseconds(5), verdict.InferenceTime);
        Assert.Equal(("2 of 3 CNNs available", 0.99), (verdict.Status.Reason, verdict.Status.TestAccuracy));
    }

    [Fact]
    public void Verdict_without_any_member_answer_gives_no_answer()
    {
        var verdicts = Ensemble.Members.Select(m => ModelVerdict.WithoutAnswer(Status(m.Id, ModelAvailability.Ready))).ToArray();

        var verdict = Ensemble.Verdict(verdicts, testAccuracy: null);

        Assert.False(verdict.HasAnswer);
        Assert.Equal((ModelAvailability.Unavailable, "No member answered."), (verdict.Status.Availability, verdict.Status.Reason));
    }

    private static ModelStatus Status(string id, ModelAvailability availability) => new(id, id, availability, null);
}
