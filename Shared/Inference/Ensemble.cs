using MnistBlazor.Shared.Models;

namespace MnistBlazor.Shared.Inference;

/// <summary>
/// The soft-vote ensemble (<see cref="ModelCatalog.EnsembleId"/>): its members, how their probabilities
/// are averaged, and its status and verdict derived from theirs. The server, the comparison page and the
/// Training CLI all vote through here.
/// </summary>
public static class Ensemble
{
    /// <summary>The models whose probabilities the ensemble averages: the CNNs.</summary>
    public static IReadOnlyList<ModelSpec> Members { get; } = ModelCatalog.All.Where(m => m.IsConvolutional).ToArray();

    public static bool IsMember(string modelId) => Members.Any(m => m.Id == modelId);

    /// <summary>
    /// Soft vote: the element-wise mean of several members' probabilities over the same images (10 per
    /// image, in image order). One member gives its own probabilities.
    /// </summary>
    public static float[] Average(IReadOnlyList<float[]> probabilitiesPerMember)
    {
        if (probabilitiesPerMember.Count == 0)
        {
            throw new ArgumentException("A soft vote needs at least one member.", nameof(probabilitiesPerMember));
        }

        var length = probabilitiesPerMember[0].Length;
        var mean = new float[length];
        foreach (var probabilities in probabilitiesPerMember)
        {
            if (probabilities.Length != length)
            {
                throw new ArgumentException(
                    $"All members must score the same images: got {probabilities.Length} probabilities beside {length}.", nameof(probabilitiesPerMember));
            }

            for (var i = 0; i < length; i++)
            {
                mean[i] += probabilities[i];
            }
        }

        for (var i = 0; i < length; i++)
        {
            mean[i] /= probabilitiesPerMember.Count;
        }

        return mean;
    }

    /// <summary>
    /// The ensemble's status from its members' (other models in <paramref name="models"/> are ignored): ready
    /// while at least one member is, saying how many when some are missing.
    /// </summary>
    public static ModelStatus Status(IEnumerable<ModelStatus> models)
    {
        var members = models.Where(s => IsMember(s.ModelId)).ToArray();
        var ready = members.Count(s => s.IsReady);
        var (availability, reason) = ready switch
        {
            0 when members.All(s => s.Availability == ModelAvailability.NotTrained) =>
                (ModelAvailability.NotTrained, "Needs at least one trained CNN."),
            0 => (ModelAvailability.Unavailable, "None of the CNNs is available."),
            _ when ready < members.Length => (ModelAvailability.Ready, (string?)$"{ready} of {members.Length} CNNs available"),
            _ => (ModelAvailability.Ready, (string?)null),
        };
        return new ModelStatus(ModelCatalog.EnsembleId, ModelCatalog.EnsembleDisplayName, availability, reason);
    }

    /// <summary>
    /// The ensemble's verdict on one image from the verdicts of the models (members are picked out): the
    /// mean of the members that answered, its time the sum of theirs.
    /// </summary>
    public static ModelVerdict Verdict(IReadOnlyList<ModelVerdict> verdicts, double? testAccuracy)
    {
        var memberVerdicts = verdicts.Where(v => IsMember(v.ModelId)).ToArray();
        var answered = memberVerdicts.Where(v => v.HasAnswer).ToArray();
        var status = Status(memberVerdicts.Select(v => v.Status)) with { TestAccuracy = testAccuracy };
        if (answered.Length == 0)
        {
            return ModelVerdict.WithoutAnswer(status with
            {
                Availability = status.IsReady ? ModelAvailability.Unavailable : status.Availability,
                Reason = status.IsReady ? "No member answered." : status.Reason,
            });
        }

        var average = Average(answered.Select(v => v.Probabilities!.ToArray()).ToArray());
        var time = TimeSpan.FromTicks(answered.Sum(v => v.InferenceTime.Ticks));
        var note = answered.Length == memberVerdicts.Length
            ? null
            : $"{answered.Length} of {memberVerdicts.Length} CNNs available";
        return new ModelVerdict(status with { Reason = note }, average, time);
    }
}
