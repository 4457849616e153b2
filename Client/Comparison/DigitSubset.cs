namespace MnistBlazor.Client.Comparison;

/// <summary>Some of a measured set's digits, by their index in it (one writer's pen digits), with the words that name them.</summary>
/// <param name="Name">How the gallery names the subset: "writer 3".</param>
/// <param name="Indices">The digits' indices in the set.</param>
/// <param name="BrowseHref">Where all of them can be browsed, right or wrong (the Test digits page), if anywhere.</param>
public sealed record DigitSubset(string Name, IReadOnlySet<int> Indices, string? BrowseHref = null);
