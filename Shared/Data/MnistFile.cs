namespace MnistBlazor.Shared.Data;

/// <summary>One of the four official MNIST files (uncompressed) and its SHA-256.</summary>
public sealed record MnistFile(string Name, string Sha256);
