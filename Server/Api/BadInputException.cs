namespace MnistBlazor.Server.Api;

/// <summary>
/// The request body cannot be used; the message says what is wrong and where. Answered as
/// <c>application/problem+json</c> with <see cref="StatusCode"/> (400 unless the body is too large, 413,
/// or of a type the endpoint does not take, 415).
/// </summary>
public sealed class BadInputException(string title, string detail, int statusCode = StatusCodes.Status400BadRequest) : Exception(detail)
{
    public string Title { get; } = title;

    public int StatusCode { get; } = statusCode;

    public IResult ToProblem() => Results.Problem(title: Title, detail: Message, statusCode: StatusCode);
}
