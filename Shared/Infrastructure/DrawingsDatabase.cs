using System.Data.Common;
using Npgsql;

namespace MnistBlazor.Shared.Infrastructure;

/// <summary>
/// Where the saved drawings are: a SQLite file (one process, the default) or a PostgreSQL database that
/// several server instances share. <see cref="Name"/> is what messages show: never a password, never
/// the server's directories.
/// </summary>
public sealed class DrawingsDatabase
{
    /// <summary>The environment variable ASP.NET Core reads <c>ConnectionStrings:Drawings</c> from, which the Training CLI reads too.</summary>
    public const string ConnectionVariable = "ConnectionStrings__Drawings";

    private DrawingsDatabase(string name, string? filePath, string? connectionString)
    {
        Name = name;
        FilePath = filePath;
        ConnectionString = connectionString;
    }

    /// <summary>The file's name, or e.g. "PostgreSQL database 'mnist' on db.example".</summary>
    public string Name { get; }

    /// <summary>The SQLite file's full path; null for PostgreSQL.</summary>
    public string? FilePath { get; }

    /// <summary>The PostgreSQL connection string; null for SQLite.</summary>
    public string? ConnectionString { get; }

    /// <summary>True for a database other processes on other machines can use at the same time.</summary>
    public bool IsShared => ConnectionString is not null;

    public static DrawingsDatabase SqliteFile(string path)
    {
        var fullPath = Path.GetFullPath(path);
        return new DrawingsDatabase(Path.GetFileName(fullPath), fullPath, null);
    }

    /// <summary>
    /// A PostgreSQL database. A connection string that cannot be used throws <see cref="ArgumentException"/>
    /// naming <paramref name="setting"/> (where it came from) and the offending key, never a value.
    /// </summary>
    public static DrawingsDatabase PostgreSql(string connectionString, string setting)
    {
        var pairs = new DbConnectionStringBuilder();
        try
        {
            pairs.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            throw new ArgumentException($"{setting} is not a connection string: write it as Key=Value pairs separated by ';' (for example Host=db;Database=mnist;Username=app).");
        }

        var builder = new NpgsqlConnectionStringBuilder();
        foreach (string key in pairs.Keys)
        {
            try
            {
                builder[key] = pairs[key];
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
            {
                // The value is not repeated: it may be a password.
                throw new ArgumentException($"{setting} has '{key}', which is not a PostgreSQL connection setting or has a value of the wrong kind.");
            }
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new ArgumentException($"{setting} names no Host: add Host=<server name, or the directory of its Unix socket>.");
        }

        var database = builder.Database ?? builder.Username ?? "postgres";
        // A Unix socket directory is a local path: not shown.
        var name = builder.Host.StartsWith('/') ? $"PostgreSQL database '{database}'" : $"PostgreSQL database '{database}' on {builder.Host}";
        return new DrawingsDatabase(name, null, builder.ConnectionString);
    }

    /// <summary>The name only: the connection string may hold a password.</summary>
    public override string ToString() => Name;
}
