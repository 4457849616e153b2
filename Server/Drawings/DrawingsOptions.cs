using MnistBlazor.Shared;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Infrastructure;

namespace MnistBlazor.Server.Drawings;

/// <summary>Configuration section "Drawings".</summary>
public sealed class DrawingsOptions
{
    public const string SectionName = "Drawings";

    /// <summary>The SQLite file of saved drawings; empty means <c>&lt;data directory&gt;/drawings.db</c>.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>Largest canvas capture kept with a drawing (bytes); larger captures are dropped.</summary>
    public long MaxCanvasPngBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>How long a save waits for another program's lock on the database before answering "busy" (503).</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest the database may grow (bytes); beyond it saves answer "full" (507) as on a full disk. Empty: no limit.</summary>
    public long? MaxDatabaseBytes { get; set; }

    public DrawingStoreOptions StoreOptions() => new() { BusyTimeout = BusyTimeout, MaxDatabaseBytes = MaxDatabaseBytes };

    public string ResolveDatabasePath() =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(DatabasePath) ? DrawingStore.DefaultPath(ProjectPaths.DefaultDataDirectory) : DatabasePath);
}
