namespace MnistBlazor.Shared.Models;

/// <summary>The Training CLI's <c>train --profile</c> values.</summary>
public static class TrainingProfile
{
    /// <summary>The recipe as it is.</summary>
    public const string Full = "full";

    /// <summary>Brief: the NN for fewer epochs, each CNN on part of MNIST (what the web app's first start trains).</summary>
    public const string Quick = "quick";

    public static readonly string[] All = [Full, Quick];
}
