using MnistBlazor.Shared.Data;

namespace MnistBlazor.Shared.Infrastructure;

/// <summary>What an existing SQLite file says it is, read without writing to it.</summary>
/// <param name="ApplicationId">PRAGMA application_id (ours is <see cref="DrawingSchema.ApplicationId"/>; 0 = unset).</param>
/// <param name="UserVersion">PRAGMA user_version: our schema version (0 = none yet).</param>
/// <param name="Tables">Its tables, SQLite's own aside.</param>
/// <param name="IntegrityProblem">What PRAGMA quick_check reported, or null when it said "ok".</param>
public sealed record DatabaseIdentity(int ApplicationId, int UserVersion, IReadOnlyList<string> Tables, string? IntegrityProblem)
{
    /// <summary>Throws <see cref="DataFileException"/> unless this is an empty database or one of ours this program can migrate.</summary>
    public void ThrowIfNotOurs(string path)
    {
        const string untouched = " It was left untouched; move it away (or point the app at another file) to start a new collection of drawings.";
        if (IntegrityProblem is not null)
        {
            throw new DataFileException(path, $"is corrupt (SQLite integrity check: {IntegrityProblem}).{untouched}");
        }

        if (ApplicationId != 0 && ApplicationId != DrawingSchema.ApplicationId)
        {
            throw new DataFileException(path, $"belongs to another application (SQLite application_id 0x{ApplicationId:X8}, ours is 0x{DrawingSchema.ApplicationId:X8}).{untouched}", field: "application_id");
        }

        if (UserVersion > DrawingSchema.CurrentVersion)
        {
            throw new DataFileException(path, $"has drawings schema version {UserVersion}, newer than this program reads ({DrawingSchema.CurrentVersion}); update MnistBlazor.{untouched}", field: "user_version");
        }

        if (UserVersion == 0 && Tables.Count == 0)
        {
            return; // an empty database: ours to create
        }

        if (UserVersion == 0 || ApplicationId != DrawingSchema.ApplicationId)
        {
            throw new DataFileException(path, $"is a SQLite database of another program (tables: {string.Join(", ", Tables)}; no MnistBlazor drawings schema).{untouched}", field: "user_version");
        }

        var expected = DrawingSchema.TablesAt(UserVersion);
        var unknown = Tables.Where(t => !expected.Contains(t)).ToArray();
        var missing = expected.Where(t => !Tables.Contains(t)).Order(StringComparer.Ordinal).ToArray();
        if (unknown.Length > 0 || missing.Length > 0)
        {
            var problems = new List<string>();
            if (unknown.Length > 0)
            {
                problems.Add($"unknown tables {string.Join(", ", unknown)}");
            }

            if (missing.Length > 0)
            {
                problems.Add($"missing tables {string.Join(", ", missing)}");
            }

            throw new DataFileException(path, $"does not have the layout of drawings schema version {UserVersion} ({string.Join("; ", problems)}).{untouched}", field: "tables");
        }
    }
}
