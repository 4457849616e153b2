namespace MnistBlazor.Server.Api;

/// <summary>The request body cannot be used; the message says what is wrong and where.</summary>
public sealed class BadInputException(string title, string detail) : Exception(detail)
{
    public string Title { get; } = title;
}
