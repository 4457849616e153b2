using System.ComponentModel.DataAnnotations;
using MnistBlazor.Server.Configuration;
using MnistBlazor.Shared;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Infrastructure;

namespace MnistBlazor.Server.Drawings;

/// <summary>Configuration section "Drawings", and the connection string <c>ConnectionStrings:Drawings</c>.</summary>
public sealed class DrawingsOptions
{
    public const string SectionName = "Drawings";

    /// <summary>The name under <c>ConnectionStrings</c> (ASP.NET Core's place for connection strings).</summary>
    public const string ConnectionStringName = "Drawings";

    /// <summary>The setting as people write it, for messages.</summary>
    public const string ConnectionStringSetting = "ConnectionStrings:" + ConnectionStringName;

    /// <summary>The SQLite file of saved drawings; empty means <c>&lt;data directory&gt;/drawings.db</c>. Unused with a connection string.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>A PostgreSQL connection string (from <see cref="ConnectionStringSetting"/>): when set, the drawings are in that shared database instead of the SQLite file.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Largest canvas capture kept with a drawing (bytes); larger captures are dropped.</summary>
    [Range(0, 67_108_864, ErrorMessage = "Drawings:MaxCanvasPngBytes must be a whole number from 0 (keep no capture) to 67108864 (64 MiB).")]
    public long MaxCanvasPngBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>How long a save waits for another program's lock on the database before answering "busy" (503).</summary>
    [TimeRange("00:00:00", "00:10:00", ErrorMessage = "Drawings:BusyTimeout must be a time from 00:00:00 to 00:10:00.")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest the SQLite file may grow (bytes); beyond it saves answer "full" (507) as on a full disk. Empty: no limit.</summary>
    [Range(16_384, long.MaxValue, ErrorMessage = "Drawings:MaxDatabaseBytes must be empty (no limit) or a whole number of at least 16384 (16 KiB).")]
    public long? MaxDatabaseBytes { get; set; }

    /// <summary>
    /// Whether only the owner sees the saved drawings: their list, strokes and canvases, a drawing opened on the drawing
    /// page and the models' measurement on them. Off (the default): anyone who reaches the server sees them.
    /// </summary>
    public bool Private { get; set; }

    /// <summary>
    /// Whether the server reads every saved drawing and measures the models on them once it has started
    /// (<see cref="SavedDrawingsWarmUp"/>), so the first visit to My digits does not wait for it.
    /// </summary>
    public bool WarmUp { get; set; } = true;

    public DrawingStoreOptions StoreOptions() => new() { BusyTimeout = BusyTimeout, MaxDatabaseBytes = MaxDatabaseBytes };

    /// <summary>The PostgreSQL database when a connection string is set, else the SQLite file; throws <see cref="ArgumentException"/> naming the setting when the connection string cannot be used.</summary>
    public DrawingsDatabase ResolveDatabase() => string.IsNullOrWhiteSpace(ConnectionString)
        ? DrawingsDatabase.SqliteFile(string.IsNullOrWhiteSpace(DatabasePath) ? DrawingStore.DefaultPath(ProjectPaths.DefaultDataDirectory) : DatabasePath)
        : DrawingsDatabase.PostgreSql(ConnectionString, ConnectionStringSetting);
}
