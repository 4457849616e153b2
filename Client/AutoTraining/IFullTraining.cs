namespace MnistBlazor.Client.AutoTraining;

/// <summary>Starts and stops the full recipe's training of models already in service (the owner's actions; the server checks).</summary>
public interface IFullTraining
{
    /// <summary>
    /// Trains <paramref name="modelIds"/> with the full recipe in the background, one after the other; each replaces its
    /// model when its training ends and the app switches to it without a restart. Throws
    /// <see cref="InvalidOperationException"/> while another training runs or when the server cannot train here, and
    /// <see cref="UnauthorizedAccessException"/> unless the caller is the owner.
    /// </summary>
    void Start(IReadOnlyList<string> modelIds);

    /// <summary>
    /// Stops the full recipe's training, if one runs: the model it was training keeps the version it had, the ones it
    /// finished keep their new one. Throws <see cref="UnauthorizedAccessException"/> unless the caller is the owner.
    /// </summary>
    void Stop();
}
