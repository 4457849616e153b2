namespace MnistBlazor.Shared.Data;

/// <summary>The dataset could not be obtained automatically; the message says how to place it by hand.</summary>
public sealed class DatasetUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
