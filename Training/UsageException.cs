namespace MnistBlazor.Training;

/// <summary>
/// The request cannot be carried out as asked (bad option, missing data or model files); the message
/// says what is wrong and what to do. The command line reports it with exit code 2.
/// </summary>
public sealed class UsageException(string message) : Exception(message);
