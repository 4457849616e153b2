using MnistBlazor.Shared.Data;

namespace MnistBlazor.Client.SavedDrawings;

/// <summary>The failures of <see cref="ISavedDrawings"/> that pages tell people about instead of failing the circuit.</summary>
public static class SavedDrawingsFailures
{
    /// <summary>The database cannot be used: refused when opened, busy, full, deleted or replaced while in use.</summary>
    public static bool IsUnusableDatabase(Exception e) => e is DataFileException or IOException;

    /// <summary>A save, relabel or delete did not happen: the database cannot be used, or the caller is not the owner.</summary>
    public static bool IsRefusedChange(Exception e) => IsUnusableDatabase(e) || e is UnauthorizedAccessException;
}
