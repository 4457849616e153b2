using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using MnistBlazor.Client.AutoTraining;
using MnistBlazor.Client.SavedDrawings;
using MnistBlazor.Server.AutoTraining;
using MnistBlazor.Server.Drawings;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Server.Security;

/// <summary>
/// The owner check for the interactive pages (one circuit each): whether the circuit's user is the
/// owner, as <see cref="OwnerAccess.Policy"/> decides for HTTP requests (the circuit's user went
/// through the same middleware when it connected).
/// </summary>
public sealed class CircuitOwner(AuthenticationStateProvider authentication)
{
    /// <summary>Said where a visitor asks for private drawings.</summary>
    public const string PrivateDrawingsHint = "The saved drawings are private on this server: only its owner sees them (sign in at " + OwnerAccess.SignInPath + ").";

    /// <summary>Throws <see cref="UnauthorizedAccessException"/> unless the circuit's user is the owner.</summary>
    public async Task DemandAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        if (!OwnerAccess.IsOwner(state.User))
        {
            throw new UnauthorizedAccessException(OwnerAccess.SignInHint);
        }
    }

    /// <summary>Throws <see cref="UnauthorizedAccessException"/> unless the circuit's user may see the saved drawings (<see cref="OwnerAccess.MayReadDrawings"/>).</summary>
    public async Task DemandDrawingsReaderAsync(bool drawingsArePrivate)
    {
        if (drawingsArePrivate && !OwnerAccess.MayReadDrawings(drawingsArePrivate, (await authentication.GetAuthenticationStateAsync()).User))
        {
            throw new UnauthorizedAccessException(PrivateDrawingsHint);
        }
    }

    /// <summary>Whether the circuit's user may see the saved drawings (<see cref="OwnerAccess.MayReadDrawings"/>), for synchronous callers.</summary>
    public bool MayReadDrawings(bool drawingsArePrivate) => OwnerAccess.MayReadDrawings(drawingsArePrivate, KnownUser());

    /// <summary>The same as <see cref="DemandAsync"/>, for synchronous callers.</summary>
    public void Demand()
    {
        if (!OwnerAccess.IsOwner(KnownUser()))
        {
            throw new UnauthorizedAccessException(OwnerAccess.SignInHint);
        }
    }

    /// <summary>The circuit's user, known once its circuit started (null before: nobody is the owner yet).</summary>
    private ClaimsPrincipal? KnownUser()
    {
        var state = authentication.GetAuthenticationStateAsync();
        return state.IsCompletedSuccessfully ? state.Result.User : null;
    }
}

/// <summary>
/// The saved drawings for a circuit: reading for everyone (for the owner alone where they are private), saving,
/// relabelling and deleting for the owner.
/// </summary>
public sealed class OwnerGuardedDrawings(DrawingService drawings, CircuitOwner owner) : ISavedDrawings
{
    public string Location => drawings.Location;

    public event Action? Changed
    {
        add => drawings.Changed += value;
        remove => drawings.Changed -= value;
    }

    public async Task<long> SaveAsync(
        int label, StrokeDrawing strokes, byte[]? canvasPng, IReadOnlyList<DrawingPrediction> predictions, bool readAsOneDigit = false, CancellationToken cancellationToken = default)
    {
        await owner.DemandAsync();
        DrawingLimits.Validate(strokes);
        return await drawings.SaveAsync(label, strokes, canvasPng, predictions, readAsOneDigit, cancellationToken);
    }

    public async Task<long> SaveImageAsync(
        int label, PreprocessedDigit digit, IReadOnlyList<DrawingPrediction> predictions, bool readAsOneDigit = false, CancellationToken cancellationToken = default)
    {
        await owner.DemandAsync();
        return await drawings.SaveImageAsync(label, digit, predictions, readAsOneDigit, cancellationToken);
    }

    public async Task<IReadOnlyList<SavedDrawingSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await owner.DemandDrawingsReaderAsync(drawings.IsPrivate);
        return await drawings.ListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DrawingsArchivePart>> ArchivePartsAsync(CancellationToken cancellationToken = default)
    {
        await owner.DemandAsync();
        return await drawings.ArchivePartsAsync(cancellationToken);
    }

    public async Task<SavedDrawing?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await owner.DemandDrawingsReaderAsync(drawings.IsPrivate);
        return await drawings.GetAsync(id, cancellationToken);
    }

    public async Task<bool> RelabelAsync(long id, int label, CancellationToken cancellationToken = default)
    {
        await owner.DemandAsync();
        return await drawings.RelabelAsync(id, label, cancellationToken);
    }

    public async Task<bool> SetReadAsOneDigitAsync(long id, bool readAsOneDigit, CancellationToken cancellationToken = default)
    {
        await owner.DemandAsync();
        return await drawings.SetReadAsOneDigitAsync(id, readAsOneDigit, cancellationToken);
    }

    public async Task<SavedDrawing?> DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        await owner.DemandAsync();
        return await drawings.DeleteAsync(id, cancellationToken);
    }

    public async Task<long> SaveAgainAsync(SavedDrawing deleted, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deleted);
        await owner.DemandAsync();
        if (!deleted.FromImage)
        {
            DrawingLimits.Validate(deleted.Strokes);
        }

        return await drawings.SaveAgainAsync(deleted, cancellationToken);
    }

    public async Task<int> ImportAsync(Stream archive, CancellationToken cancellationToken = default)
    {
        await owner.DemandAsync();
        return await drawings.ImportAsync(archive, cancellationToken);
    }

    public async Task<DrawingsMeasurement> MeasureAsync(CancellationToken cancellationToken = default)
    {
        await owner.DemandDrawingsReaderAsync(drawings.IsPrivate);
        return await drawings.MeasureAsync(cancellationToken);
    }
}

/// <summary>Model versions for a circuit: listing for everyone, switching and deleting for the owner.</summary>
public sealed class OwnerGuardedModelVersions(ModelVersionService versions, CircuitOwner owner) : IModelVersions
{
    public IReadOnlyList<ModelVersionChoice> List() => versions.List();

    public void Activate(string modelId, string version)
    {
        owner.Demand();
        versions.Activate(modelId, version);
    }

    public void Delete(string modelId, string version)
    {
        owner.Demand();
        versions.Delete(modelId, version);
    }
}

/// <summary>The full recipe's training for a circuit: the owner's to start and stop.</summary>
public sealed class OwnerGuardedFullTraining(AutoTrainingService training, CircuitOwner owner) : IFullTraining
{
    public void Start(IReadOnlyList<string> modelIds)
    {
        owner.Demand();
        training.Start(modelIds);
    }

    public void Stop()
    {
        owner.Demand();
        training.Stop();
    }
}

/// <summary>Fine-tuning on the saved drawings for a circuit: progress and outcomes for everyone, starting and stopping for the owner.</summary>
public sealed class OwnerGuardedFineTuning(AutoTrainingService training, DrawingService drawings, CircuitOwner owner) : IFineTuning
{
    public IReadOnlyList<string> TrainedModels() => training.TrainedModels();

    public void Start()
    {
        owner.Demand();
        ((IFineTuning)training).Start();
    }

    public void Stop()
    {
        owner.Demand();
        training.Stop();
    }

    public FineTuneProgress? Progress() => training.Progress();

    public event Action<FineTuneProgress>? ProgressChanged
    {
        add => training.ProgressChanged += value;
        remove => training.ProgressChanged -= value;
    }

    public IReadOnlyList<FineTuneOutcome> LatestOutcomes()
    {
        var outcomes = training.LatestOutcomes();
        return owner.MayReadDrawings(drawings.IsPrivate)
            ? outcomes
            : [.. outcomes.Select(outcome => outcome with { Report = outcome.Report.WithoutDrawings(), DrawingsHidden = true })];
    }
}
