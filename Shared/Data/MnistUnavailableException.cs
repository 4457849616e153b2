namespace MnistBlazor.Shared.Data;

/// <summary>MNIST could not be obtained automatically; the message says how to place it by hand.</summary>
public sealed class MnistUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
