using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Infrastructure;
using MnistBlazor.Shared.Tests.Drawings;
using MnistBlazor.Tests.Support;

namespace MnistBlazor.Shared.Tests.Infrastructure;

/// <summary>
/// What every drawings store does, whichever database holds it: each backend's test class derives from
/// this one and says how to reach its database directly.
/// </summary>
public abstract class DrawingStoreContractTests
{
    /// <summary>Opens the store on this test's database.</summary>
    protected abstract DrawingStore OpenStore(DrawingStoreOptions? options = null);

    /// <summary>Runs SQL on the database directly, past the store.</summary>
    protected abstract void Execute(string sql);

    /// <summary>One number the database answers, read directly.</summary>
    protected abstract long Query(string sql);

    /// <summary>The schema version the database says it has.</summary>
    protected abstract long SchemaVersion();

    /// <summary>Marks the database as another application's (a mark of id 42, version 1).</summary>
    protected abstract void MarkAsAnotherApplication();

    /// <summary>Marks the database as ours at <paramref name="version"/>.</summary>
    protected abstract void MarkAsOurs(int version);

    /// <summary>Everything a refused open must leave as it was, as one comparable text.</summary>
    protected abstract string Snapshot();

    /// <summary>Another connection taking the write lock on the drawings until disposed.</summary>
    protected abstract IDisposable HoldWriteLock();

    /// <summary>Puts another drawings database (one drawing) where the store's is.</summary>
    protected abstract void ReplaceWithAnotherDatabase();

    [Fact]
    public void A_new_database_gets_the_current_schema()
    {
        using (OpenStore())
        {
        }

        Assert.Equal(DrawingSchema.CurrentVersion, SchemaVersion());
        Assert.Equal(0, Query("SELECT count(*) FROM drawings;"));
    }

    [Fact]
    public void Drawings_added_together_are_all_saved_in_order_or_none_when_one_is_not_valid()
    {
        using var store = OpenStore();
        var broken = SampleDrawings.Of(1) with { Image = new byte[10] };

        var refused = Assert.Throws<ArgumentException>(() => store.AddAll([SampleDrawings.Of(7), broken, SampleDrawings.Of(1)]));

        Assert.StartsWith("Drawing 2 of 3: The image has 10 bytes", refused.Message);
        Assert.Equal(0, store.Count());
        var ids = store.AddAll([SampleDrawings.Of(7), SampleDrawings.Of(1) with { ReadAsOneDigit = true }]);
        Assert.Equal(2, ids.Count);
        Assert.True(ids[0] < ids[1]);
        Assert.Equal(7, store.Get(ids[0])!.Summary.Label);
        Assert.True(store.Get(ids[1])!.Summary.ReadAsOneDigit);
        Assert.Equal(3, store.Get(ids[1])!.Summary.Predictions.Count);
    }

    [Fact]
    public void A_saved_drawing_reads_back_with_everything_stored()
    {
        using var store = OpenStore();
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3 };
        var drawing = SampleDrawings.Of(7, png: png);

        var id = store.Add(drawing);

        var saved = store.Get(id)!;
        Assert.Equal(7, saved.Summary.Label);
        Assert.Equal(drawing.Image, saved.Summary.Image);
        Assert.Equal(png, saved.CanvasPng);
        Assert.True(saved.Summary.HasCanvasPng);
        Assert.Equal(SampleDrawings.SavedAt, saved.Summary.CreatedAt);
        Assert.Null(saved.Summary.RelabeledAt);
        Assert.Equal(drawing.Strokes.Width, saved.Strokes.Width);
        Assert.Equal(drawing.Strokes.Strokes.Count, saved.Strokes.Strokes.Count);
        for (var s = 0; s < drawing.Strokes.Strokes.Count; s++)
        {
            Assert.Equal(drawing.Strokes.Strokes[s].Width, saved.Strokes.Strokes[s].Width);
            Assert.Equal(drawing.Strokes.Strokes[s].Points, saved.Strokes.Strokes[s].Points);
        }

        Assert.Equal(drawing.Predictions.OrderBy(p => p.ModelId, StringComparer.Ordinal), saved.Summary.Predictions);
        Assert.Null(store.Get(id + 1));
        Assert.Equal(png, store.GetCanvasPng(id));
        Assert.Null(store.GetCanvasPng(id + 1));
    }

    [Fact]
    public void A_drawing_the_person_said_is_one_digit_keeps_that_everywhere_it_is_read()
    {
        using var store = OpenStore();
        var plain = store.Add(SampleDrawings.Of(1));
        var saidToBeOne = store.Add(SampleDrawings.Of(0) with { ReadAsOneDigit = true });

        Assert.False(store.Get(plain)!.Summary.ReadAsOneDigit);
        Assert.True(store.Get(saidToBeOne)!.Summary.ReadAsOneDigit);
        Assert.Equal([false, true], store.List().OrderBy(d => d.Id).Select(d => d.ReadAsOneDigit));
        Assert.Equal([saidToBeOne], store.ReadAsOneDigitIds());
        Assert.Equal(1, Query("SELECT count(*) FROM drawings WHERE read_as_one_digit = 1;"));
    }

    [Fact]
    public void Whether_a_drawing_is_one_digit_can_be_said_later_and_the_version_changes_with_it()
    {
        using var store = OpenStore();
        var id = store.Add(SampleDrawings.Of(0));
        var before = store.Version();

        Assert.True(store.SetReadAsOneDigit(id, true));

        Assert.True(store.Get(id)!.Summary.ReadAsOneDigit);
        var said = store.Version();
        Assert.NotEqual(before, said);
        Assert.True(store.SetReadAsOneDigit(id, false));
        Assert.Empty(store.ReadAsOneDigitIds());
        Assert.NotEqual(said, store.Version());
        Assert.False(store.SetReadAsOneDigit(id + 1, true));
    }

    [Fact]
    public void A_deleted_drawing_is_given_back_whole_and_saved_again_as_it_was_under_a_new_id()
    {
        using var store = OpenStore();
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 9 };
        var id = store.Add(SampleDrawings.Of(0, SampleStrokes.Eleven, png) with { ReadAsOneDigit = true });
        var relabeledAt = SampleDrawings.SavedAt.AddHours(2);
        store.Relabel(id, 8, relabeledAt);
        var before = store.Get(id)!;

        var deleted = store.Delete(id)!;
        var again = store.Add(deleted.AsSavedAgain());

        Assert.True(again > id);
        var after = store.Get(again)!;
        Assert.Equal(8, after.Summary.Label);
        Assert.Equal(before.Summary.Image, after.Summary.Image);
        Assert.Equal(SampleDrawings.SavedAt, after.Summary.CreatedAt);
        Assert.Equal(relabeledAt, after.Summary.RelabeledAt);
        Assert.True(after.Summary.ReadAsOneDigit);
        Assert.Equal(png, after.CanvasPng);
        Assert.Equal(before.Strokes.Strokes.SelectMany(s => s.Points), after.Strokes.Strokes.SelectMany(s => s.Points));
        Assert.Equal(before.Summary.Predictions, after.Summary.Predictions);
    }

    [Fact]
    public void A_drawing_whose_strokes_cannot_be_read_is_deleted_all_the_same_and_given_back_with_its_image()
    {
        using var store = OpenStore();
        var id = store.Add(SampleDrawings.Of(3));
        Execute($"UPDATE drawings SET strokes_json = 'not json' WHERE id = {id};");
        Assert.Throws<DataFileException>(() => store.Get(id));

        var deleted = store.Delete(id)!;

        Assert.True(deleted.FromImage);
        Assert.Equal(3, deleted.Summary.Label);
        Assert.Equal(0, store.Count());
    }

    [Fact]
    public void The_gallery_lists_by_label_then_saving_order()
    {
        using var store = OpenStore();
        var seven = store.Add(SampleDrawings.Of(7));
        var one = store.Add(SampleDrawings.Of(1));
        var secondSeven = store.Add(SampleDrawings.Of(7, png: null));

        var listed = store.List();

        Assert.Equal([one, seven, secondSeven], listed.Select(d => d.Id));
        Assert.All(listed, d => Assert.Equal(3, d.Predictions.Count));
        Assert.False(listed.Single(d => d.Id == secondSeven).HasCanvasPng);
        Assert.Equal(3, store.Count());
    }

    [Fact]
    public void Relabel_changes_the_label_and_records_when()
    {
        using var store = OpenStore();
        var id = store.Add(SampleDrawings.Of(1));
        var later = SampleDrawings.SavedAt.AddMinutes(5);

        Assert.True(store.Relabel(id, 4, later));

        var saved = store.Get(id)!.Summary;
        Assert.Equal(4, saved.Label);
        Assert.Equal(later, saved.RelabeledAt);
        Assert.False(store.Relabel(id + 100, 4, later));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Relabel(id, 10, later));
    }

    [Fact]
    public void Delete_removes_the_drawing_and_its_predictions()
    {
        using var store = OpenStore();
        var kept = store.Add(SampleDrawings.Of(1));
        var deleted = store.Add(SampleDrawings.Of(7));

        Assert.NotNull(store.Delete(deleted));

        Assert.Null(store.Delete(deleted));
        Assert.Null(store.Get(deleted));
        Assert.Equal([kept], store.List().Select(d => d.Id));
        Assert.Equal(3L, Query("SELECT count(*) FROM predictions;"));
    }

    [Fact]
    public void Bad_drawings_are_refused_before_touching_the_database()
    {
        using var store = OpenStore();

        Assert.Throws<ArgumentOutOfRangeException>(() => store.Add(SampleDrawings.Of(1) with { Label = 10 }));
        Assert.Throws<ArgumentException>(() => store.Add(SampleDrawings.Of(1) with { Image = new byte[783] }));
        Assert.Throws<ArgumentException>(() => store.Add(SampleDrawings.Of(1) with { Predictions = [new DrawingPrediction("nn", 11, 0.5f)] }));
        Assert.Equal(0, store.Count());
    }

    [Fact]
    public void Stored_strokes_are_read_leniently_but_broken_ones_are_refused_naming_the_drawing_and_field()
    {
        using var store = OpenStore();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 9];
        var id = store.Add(SampleDrawings.Of(1, png: png));

        // An older drawing: an empty stroke and a pen wider than today's pad allows.
        Execute($$"""UPDATE drawings SET strokes_json = '{"width":280,"height":280,"strokes":[{"width":5,"points":[]},{"width":90,"points":[[10,10],[200,200]]}]}' WHERE id = {{id}};""");
        var strokes = store.Get(id)!.Strokes;
        Assert.Empty(strokes.Strokes[0].Points);
        Assert.Equal(90, strokes.Strokes[1].Width);

        Execute($$"""UPDATE drawings SET strokes_json = '{"width":280,"height":280,"strokes":[{"width":5,"points":[[10,"ten"]]}]}' WHERE id = {{id}};""");
        var error = Assert.Throws<DataFileException>(() => store.Get(id));
        Assert.Equal($"drawings.strokes_json of drawing {id}", error.Field);
        Assert.Equal("strokes[0].points[0][1] is the string \"ten\", not a number.", error.Problem);
        Assert.Equal(png, store.GetCanvasPng(id)); // the capture is read without the strokes
    }

    [Fact]
    public void Reopening_the_current_schema_changes_nothing()
    {
        using (var store = OpenStore())
        {
            store.Add(SampleDrawings.Of(2));
        }

        using var again = OpenStore();
        Assert.Equal(1, again.Count());
        Assert.Equal(DrawingSchema.CurrentVersion, SchemaVersion());
    }

    [Fact]
    public void Another_programs_database_is_refused_and_left_untouched()
    {
        Execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'Ada');");
        var before = Snapshot();

        var error = Assert.Throws<DataFileException>(() => OpenStore());

        Assert.Contains("customers", error.Message);
        Assert.Contains("untouched", error.Message);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void A_database_with_another_application_id_is_refused()
    {
        MarkAsAnotherApplication();
        var before = Snapshot();

        var error = Assert.Throws<DataFileException>(() => OpenStore());

        Assert.Contains("another application", error.Message);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void A_database_from_a_newer_version_is_refused_and_left_untouched()
    {
        Execute("CREATE TABLE drawings (id INTEGER PRIMARY KEY);");
        MarkAsOurs(99);
        var before = Snapshot();

        var error = Assert.Throws<DataFileException>(() => OpenStore());

        Assert.Contains("version 99", error.Message);
        Assert.Contains("update MnistBlazor", error.Message);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void Our_schema_with_unknown_tables_is_refused_and_left_untouched()
    {
        using (var store = OpenStore())
        {
            store.Add(SampleDrawings.Of(1));
        }

        Execute("CREATE TABLE secrets (value TEXT);");
        var before = Snapshot();

        var error = Assert.Throws<DataFileException>(() => OpenStore());

        Assert.Contains("unknown tables secrets", error.Message);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task Concurrent_saves_from_many_tasks_and_two_stores_are_all_counted()
    {
        using var first = OpenStore();
        using var second = OpenStore(); // e.g. another server instance, or the training CLI
        const int tasks = 16;
        const int savesPerTask = 25;

        var ids = await Task.WhenAll(Enumerable.Range(0, tasks).Select(t => Task.Run(() =>
        {
            var store = t % 2 == 0 ? first : second;
            var saved = new List<long>();
            for (var i = 0; i < savesPerTask; i++)
            {
                saved.Add(store.Add(SampleDrawings.Of((t + i) % 10)));
            }

            return saved;
        })));

        Assert.Equal(tasks * savesPerTask, first.Count());
        Assert.Equal(tasks * savesPerTask, ids.SelectMany(i => i).Distinct().Count());
        Assert.Equal(tasks * savesPerTask * 3L, Query("SELECT count(*) FROM predictions;"));
    }

    [Fact]
    public void The_drawings_read_as_a_labelled_image_set_in_saving_order()
    {
        using var store = OpenStore();
        var seven = SampleDrawings.Of(7);
        var one = SampleDrawings.Of(1);
        var sevenId = store.Add(seven);
        var oneId = store.Add(one);

        var set = store.ReadLabeledImages();

        Assert.Equal([sevenId, oneId], set.Ids);
        Assert.Equal([7, 1], set.Images.Labels!.Select(l => (int)l));
        Assert.Equal(seven.Image, set.Images.ImageBytes(0).ToArray());
        Assert.Equal(one.Image, set.Images.ImageBytes(1).ToArray());
    }

    [Fact]
    public void Strokes_are_read_in_id_order_from_after_an_id()
    {
        using var store = OpenStore();
        var firstId = store.Add(SampleDrawings.Of(7));
        var secondId = store.Add(SampleDrawings.Of(1));

        Assert.Equal([firstId, secondId], store.ReadStrokes().Select(d => d.Id));
        var after = Assert.Single(store.ReadStrokes(afterId: firstId));
        Assert.Equal(secondId, after.Id);
        Assert.Equal(SampleStrokes.One.Strokes.Count, after.Strokes.Strokes.Count);
        Assert.Empty(store.ReadStrokes(afterId: secondId));
    }

    [Fact]
    public void A_range_of_ids_reads_for_an_archive_with_the_bytes_each_takes_there_at_most()
    {
        using var store = OpenStore();
        var seven = store.Add(SampleDrawings.Of(7));
        var longIds = SampleDrawings.Of(1) with
        {
            Predictions = [new DrawingPrediction("modèle-été-" + new string('x', 40), 1, -1.234567E-05f), new DrawingPrediction("nn", 1, 0.123456789f)],
            RelabeledAt = SampleDrawings.SavedAt.AddTicks(1_234_567),
        };
        var one = store.Add(longIds);
        store.Relabel(one, 4, SampleDrawings.SavedAt.AddTicks(7_654_321));
        var noPredictions = store.Add(SampleDrawings.Of(0) with { Predictions = [], ReadAsOneDigit = true });
        var beyond = store.Add(SampleDrawings.Of(3));

        var read = store.ReadForArchive(seven, noPredictions);
        var sizes = store.ReadArchiveSizes(seven, noPredictions);

        Assert.Equal([seven, one, noPredictions], read.Select(d => d.Summary.Id));
        Assert.Equal([seven, one, noPredictions], sizes.Select(d => d.Id));
        Assert.Equal(4, read[1].Summary.Label);
        Assert.Equal(2, read[1].Summary.Predictions.Count);
        Assert.True(read[2].Summary.ReadAsOneDigit);
        Assert.All(read, d => Assert.Null(d.CanvasPng));
        Assert.Equal(StrokeDrawingJson.Serialize(SampleStrokes.Seven), StrokeDrawingJson.Serialize(read[0].Strokes));
        var empty = ArchiveBytes([]);
        for (var i = 0; i < read.Count; i++)
        {
            var written = ArchiveBytes([read[i]]) - empty;
            // Never below; close for ASCII model ids, which the catalogue's are (the bound takes every character as escaped).
            Assert.InRange(sizes[i].MostBytes, written, i == 1 ? long.MaxValue : written + 400);
        }

        Assert.Equal([seven, one, noPredictions, beyond], store.ReadArchiveSizes().Select(d => d.Id));
        Assert.Equal([beyond], store.ReadForArchive(beyond).Select(d => d.Summary.Id));
        Assert.Empty(store.ReadForArchive(beyond + 1));
    }

    private static long ArchiveBytes(IEnumerable<SavedDrawing> drawings)
    {
        using var output = new MemoryStream();
        DrawingsArchive.Write(output, drawings);
        return output.Length;
    }

    [Fact]
    public void The_version_changes_with_every_add_relabel_and_delete()
    {
        using var store = OpenStore();
        var versions = new List<string> { store.Version() };
        var id = store.Add(SampleDrawings.Of(1));
        versions.Add(store.Version());
        store.Relabel(id, 2, SampleDrawings.SavedAt.AddMinutes(1));
        versions.Add(store.Version());
        store.Add(SampleDrawings.Of(3));
        versions.Add(store.Version());
        store.Delete(id);
        versions.Add(store.Version());

        Assert.Equal(versions.Count, versions.Distinct().Count());
        Assert.Equal(versions[^1], store.Version());
    }

    [Fact]
    public void A_lock_held_by_another_connection_fails_as_busy_after_the_timeout()
    {
        using var store = OpenStore(new DrawingStoreOptions { BusyTimeout = TimeSpan.FromMilliseconds(100) });
        using (HoldWriteLock())
        {
            var error = Assert.Throws<DrawingStorageException>(() => store.Add(SampleDrawings.Of(3)));

            Assert.Equal(DrawingStorageFault.Busy, error.Fault);
            Assert.Contains($"({store.Name}) is busy", error.Message);
            Assert.Equal(0, store.Count()); // readers are not blocked
        }

        store.Add(SampleDrawings.Of(3));
        Assert.Equal(1, store.Count());
    }

    [Fact]
    public void A_database_replaced_by_another_is_refused()
    {
        using var store = OpenStore();
        store.Add(SampleDrawings.Of(1));

        ReplaceWithAnotherDatabase();

        var error = Assert.Throws<DrawingStorageException>(() => store.Add(SampleDrawings.Of(2)));
        Assert.Equal(DrawingStorageFault.Replaced, error.Fault);
        Assert.Equal(DrawingStorageFault.Replaced, Assert.Throws<DrawingStorageException>(() => store.List()).Fault);
    }

    [Fact]
    public void Data_protection_keys_are_kept_by_name()
    {
        using (var store = OpenStore())
        {
            store.StoreDataProtectionKey("key-b", "<key id=\"b\" />");
            store.StoreDataProtectionKey("key-a", "<key id=\"a\" />");
            store.StoreDataProtectionKey("key-a", "<key id=\"a\" revoked=\"true\" />");
        }

        using var again = OpenStore();
        Assert.Equal(["<key id=\"a\" revoked=\"true\" />", "<key id=\"b\" />"], again.ReadDataProtectionKeys());
    }
}
