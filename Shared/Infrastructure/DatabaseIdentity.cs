using MnistBlazor.Shared.Data;

namespace MnistBlazor.Shared.Infrastructure;

/// <summary>What an existing database says it is, read without writing to it.</summary>
/// <param name="Engine">"SQLite" or "PostgreSQL", as messages name it.</param>
/// <param name="ApplicationId">Our mark (<see cref="DrawingSchema.ApplicationId"/>; 0 = unset).</param>
/// <param name="UserVersion">Our schema version (0 = none yet).</param>
/// <param name="Tables">Its tables, the database's own and our marker aside.</param>
/// <param name="IntegrityProblem">What SQLite's PRAGMA quick_check reported, or null when it said "ok" (always null for PostgreSQL).</param>
public sealed record DatabaseIdentity(string Engine, int ApplicationId, int UserVersion, IReadOnlyList<string> Tables, string? IntegrityProblem)
{
    /// <summary>Throws <see cref="DataFileException"/> unless this is an empty database or one of ours this program can migrate.</summary>
    /// <param name="name">The file's path or the database's name, as the error names it.</param>
    /// <param name="elsewhere">What to point the app at instead, e.g. "another file".</param>
    public void ThrowIfNotOurs(string name, string elsewhere)
    {
        var untouched = $" It was left untouched; move it away (or point the app at {elsewhere}) to start a new collection of drawings.";
        if (IntegrityProblem is not null)
        {
            throw new DataFileException(name, $"is corrupt ({Engine} integrity check: {IntegrityProblem}).{untouched}");
        }

        if (ApplicationId != 0 && ApplicationId != DrawingSchema.ApplicationId)
        {
            throw new DataFileException(name, $"belongs to another application ({Engine} application_id 0x{ApplicationId:X8}, ours is 0x{DrawingSchema.ApplicationId:X8}).{untouched}", field: "application_id");
        }

        if (UserVersion > DrawingSchema.CurrentVersion)
        {
            throw new DataFileException(name, $"has drawings schema version {UserVersion}, newer than this program reads ({DrawingSchema.CurrentVersion}); update MnistBlazor.{untouched}", field: "user_version");
        }

        if (UserVersion == 0 && Tables.Count == 0)
        {
            return; // an empty database: ours to create
        }

        if (UserVersion == 0 || ApplicationId != DrawingSchema.ApplicationId)
        {
            throw new DataFileException(name, $"is a {Engine} database of another program (tables: {string.Join(", ", Tables)}; no MnistBlazor drawings schema).{untouched}", field: "user_version");
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

            throw new DataFileException(name, $"does not have the layout of drawings schema version {UserVersion} ({string.Join("; ", problems)}).{untouched}", field: "tables");
        }
    }
}
