namespace MnistBlazor.Client.Comparison;

/// <summary>Some of a measured set's digits (one writer's pen digits) that a confusion panel counts alone, named in its gallery.</summary>
/// <param name="Name">How the panel names the subset: "writer 3".</param>
/// <param name="BrowseHref">Where all of them can be browsed, right or wrong (the Test digits page), if anywhere.</param>
public sealed record DigitSubset(string Name, string? BrowseHref = null);
