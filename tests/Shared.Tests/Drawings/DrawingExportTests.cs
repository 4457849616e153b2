using Microsoft.Data.Sqlite;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Infrastructure;

namespace MnistBlazor.Shared.Tests.Drawings;

public sealed class DrawingExportTests : IDisposable
{
    private readonly TemporaryDirectory folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        folder.Dispose();
    }

    [Fact]
    public void The_Kaggle_csv_and_the_IDX_files_read_back_with_the_Shared_readers()
    {
        using var store = DrawingStore.Open(folder.File("drawings.db"));
        var drawings = new[] { SampleDrawings.Of(7), SampleDrawings.Of(1), SampleDrawings.Of(0) };
        foreach (var drawing in drawings)
        {
            store.Add(drawing);
        }

        var csv = folder.File(DrawingExport.CsvFileName);
        var images = folder.File(DrawingExport.IdxImagesFileName);
        var labels = folder.File(DrawingExport.IdxLabelsFileName);
        Assert.Equal(3, DrawingExport.WriteKaggleCsv(store.ReadLabeledImages().Images, csv));
        Assert.Equal(3, DrawingExport.WriteIdxImages(store.ReadLabeledImages().Images, images));
        Assert.Equal(3, DrawingExport.WriteIdxLabels(store.ReadLabeledImages().Images, labels));

        var fromCsv = KaggleCsv.ReadTrain(csv);
        var fromIdx = IdxReader.ReadLabeled(images, labels);
        foreach (var read in new[] { fromCsv, fromIdx })
        {
            Assert.Equal(3, read.Count);
            Assert.Equal(drawings.Select(d => (byte)d.Label), read.Labels!);
            Assert.Equal(drawings.SelectMany(d => d.Image), read.Pixels);
        }

        Assert.StartsWith(KaggleCsv.TrainHeader + "\n", File.ReadAllText(csv));
    }

    [Fact]
    public void An_empty_collection_exports_valid_empty_files()
    {
        using var store = DrawingStore.Open(folder.File("drawings.db"));
        var csv = folder.File(DrawingExport.CsvFileName);
        var images = folder.File(DrawingExport.IdxImagesFileName);
        var labels = folder.File(DrawingExport.IdxLabelsFileName);

        DrawingExport.WriteKaggleCsv(store.ReadLabeledImages().Images, csv);
        DrawingExport.WriteIdxImages(store.ReadLabeledImages().Images, images);
        DrawingExport.WriteIdxLabels(store.ReadLabeledImages().Images, labels);

        Assert.Equal(0, KaggleCsv.ReadTrain(csv).Count);
        Assert.Equal(0, IdxReader.ReadLabeled(images, labels).Count);
    }
}
