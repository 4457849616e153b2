using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Infrastructure;
using MnistBlazor.Training.Evaluation;

namespace MnistBlazor.Training.Drawings;

/// <summary>The drawings saved in the web app, as a labelled set for evaluation and fine-tuning.</summary>
public static class SavedDrawingsSet
{
    /// <summary>
    /// Reads every saved drawing. A missing file or an empty collection is a usage error saying how
    /// to collect drawings; a refused file throws <see cref="MnistBlazor.Shared.Data.DataFileException"/>.
    /// </summary>
    public static (LabeledSet Set, IReadOnlyList<long> Ids) Load(string databasePath)
    {
        var fullPath = Path.GetFullPath(databasePath);
        if (!File.Exists(fullPath))
        {
            throw new UsageException(
                $"No saved drawings: {fullPath} does not exist. Start the web app (dotnet run --project Server), "
                + "draw digits and use \"Save as digit\", or pass --drawings-db with the database file.");
        }

        using var store = DrawingStore.Open(fullPath);
        var drawings = store.ReadLabeledImages();
        if (drawings.Images.Count == 0)
        {
            throw new UsageException($"{fullPath} holds no saved drawings yet; save some on the web app's drawing page first.");
        }

        return (new LabeledSet(SavedDrawing.DatasetName, drawings.Images), drawings.Ids);
    }
}
