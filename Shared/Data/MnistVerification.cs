namespace MnistBlazor.Shared.Data;

public enum MnistFileState
{
    Valid,
    Missing,
    WrongChecksum,
}

/// <summary>The state of one MNIST file on disk.</summary>
public sealed record MnistFileStatus(MnistFile File, string Path, MnistFileState State, string? ActualSha256)
{
    public bool IsValid => State == MnistFileState.Valid;

    public string Describe() => State switch
    {
        MnistFileState.Valid => $"{File.Name}: present, SHA-256 verified",
        MnistFileState.Missing => $"{File.Name}: missing (expected at {Path})",
        _ => $"{File.Name}: wrong SHA-256 {ActualSha256}, expected {File.Sha256} ({Path})",
    };
}

/// <summary>The result of checking the four MNIST files in a data directory.</summary>
public sealed record MnistVerification(IReadOnlyList<MnistFileStatus> Files)
{
    public bool IsValid => Files.All(file => file.IsValid);

    public IEnumerable<MnistFileStatus> Problems => Files.Where(file => !file.IsValid);

    public string Describe() => string.Join(Environment.NewLine, Files.Select(file => file.Describe()));
}
