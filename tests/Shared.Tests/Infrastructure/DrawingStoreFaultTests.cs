using Microsoft.Data.Sqlite;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Infrastructure;
using MnistBlazor.Shared.Tests.Drawings;

namespace MnistBlazor.Shared.Tests.Infrastructure;

/// <summary>SQLite failures while the store is in use, and a database file that disappears or is overwritten under it (busy and replacement by another database: <see cref="DrawingStoreContractTests"/>).</summary>
public sealed class DrawingStoreFaultTests : IDisposable
{
    private readonly TemporaryDirectory folder = new();

    private string DatabasePath => folder.File("drawings.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        folder.Dispose();
    }

    [Fact]
    public void A_full_database_fails_as_full_naming_the_file_only()
    {
        using var store = DrawingStore.Open(DatabasePath, new DrawingStoreOptions { MaxDatabaseBytes = 48 * 1024 });

        var error = Assert.Throws<DrawingStorageException>(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                store.Add(SampleDrawings.Of(i % 10, png: new byte[2000]));
            }
        });

        Assert.Equal(DrawingStorageFault.Full, error.Fault);
        Assert.Contains("(drawings.db) is full", error.Message);
        Assert.DoesNotContain(folder.Path, error.Message);
        Assert.IsAssignableFrom<IOException>(error);
        Assert.True(store.Count() > 0); // what was saved before stays readable
    }

    [Fact]
    public void A_deleted_database_refuses_every_call_and_is_not_recreated()
    {
        using var store = DrawingStore.Open(DatabasePath);
        store.Add(SampleDrawings.Of(1));

        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(DatabasePath + suffix);
        }

        var error = Assert.Throws<DrawingStorageException>(() => store.Add(SampleDrawings.Of(2)));
        Assert.Equal(DrawingStorageFault.Replaced, error.Fault);
        Assert.Contains("deleted or replaced", error.Message);
        Assert.Throws<DrawingStorageException>(() => store.Relabel(1, 4, SampleDrawings.SavedAt));
        Assert.Throws<DrawingStorageException>(() => store.Delete(1));
        Assert.Throws<DrawingStorageException>(() => store.List());
        Assert.False(File.Exists(DatabasePath));
    }

    [Fact]
    public void A_database_overwritten_in_place_by_another_is_refused()
    {
        var elsewhere = AnotherDatabase();
        using var store = DrawingStore.Open(DatabasePath);
        store.Add(SampleDrawings.Of(1));
        var opened = MnistBlazor.Shared.IO.FileIdentity.Of(DatabasePath);
        File.WriteAllBytes(DatabasePath, File.ReadAllBytes(elsewhere)); // truncates and rewrites the same file, as cp does
        Assert.Equal(opened, MnistBlazor.Shared.IO.FileIdentity.Of(DatabasePath));

        var error = Assert.Throws<DrawingStorageException>(() => store.Add(SampleDrawings.Of(2)));

        Assert.Equal(DrawingStorageFault.Replaced, error.Fault);
        Assert.Equal(DrawingStorageFault.Replaced, Assert.Throws<DrawingStorageException>(() => store.List()).Fault);
    }

    [Fact]
    public void Checkpoints_and_a_second_store_on_the_same_file_are_not_taken_for_a_replacement()
    {
        using var store = DrawingStore.Open(DatabasePath);
        using var second = DrawingStore.Open(DatabasePath); // e.g. the training CLI reading the drawings
        using var checkpoints = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        checkpoints.Open();
        for (var i = 0; i < 20; i++)
        {
            (i % 2 == 0 ? store : second).Add(SampleDrawings.Of(i % 10, png: new byte[3000]));
            using var checkpoint = checkpoints.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);"; // the log's pages written into the file
            checkpoint.ExecuteNonQuery();
        }

        Assert.Equal(20, store.Count());
        Assert.Equal(20, second.List().Count);
    }

    [Fact]
    public void A_database_overwritten_in_place_by_other_bytes_is_refused()
    {
        using var store = DrawingStore.Open(DatabasePath);
        store.Add(SampleDrawings.Of(1));
        File.WriteAllBytes(DatabasePath, new byte[8192]);

        var error = Assert.Throws<DrawingStorageException>(() => store.Count());

        Assert.Equal(DrawingStorageFault.Replaced, error.Fault);
    }

    /// <summary>Another drawings database with one drawing, closed (its log written into the file).</summary>
    private string AnotherDatabase()
    {
        var path = folder.File("other.db");
        using (var other = DrawingStore.Open(path))
        {
            other.Add(SampleDrawings.Of(5));
        }

        SqliteConnection.ClearAllPools();
        return path;
    }
}
