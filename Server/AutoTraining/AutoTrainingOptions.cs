using System.ComponentModel.DataAnnotations;
using MnistBlazor.Shared;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Server.AutoTraining;

/// <summary>Configuration section "Training": whether the server trains the missing models in the background.</summary>
public sealed class AutoTrainingOptions
{
    public const string SectionName = "Training";

    /// <summary>Train the catalogue models that have no model.onnx when the server starts (scripts/run.sh turns it on).</summary>
    public bool AutoTrain { get; set; }

    /// <summary>The Training CLI dll; empty means Training/bin/Release/net10.0/MnistBlazor.Training.dll in the repository.</summary>
    public string? Executable { get; set; }

    /// <summary>The training profile passed to <c>train --profile</c>.</summary>
    [AllowedValues(TrainingProfile.Full, TrainingProfile.Quick, ErrorMessage = "Training:Profile must be \"quick\" or \"full\" (what train --profile takes).")]
    public string Profile { get; set; } = TrainingProfile.Quick;

    /// <summary>
    /// The web app gets each model after this epoch when its run has more (<c>train --preview-after-epoch</c>): with the
    /// quick profile the NN answers after about a fifth of its training; 0 waits for the end.
    /// </summary>
    [Range(0, 1000, ErrorMessage = "Training:PreviewAfterEpoch must be a whole number from 0 to 1000 (0 publishes each model only when its training ends).")]
    public int PreviewAfterEpoch { get; set; } = 8;

    /// <summary>Where MNIST lives; empty means the repository's data/ (or MNISTBLAZOR_DATA_DIR).</summary>
    public string? DataDirectory { get; set; }

    public string ResolveExecutable() =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(Executable)
            ? Path.Combine(ProjectPaths.TryFindRepositoryRoot() ?? AppContext.BaseDirectory, "Training", "bin", "Release", "net10.0", "MnistBlazor.Training.dll")
            : Executable);

    public string ResolveDataDirectory() =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(DataDirectory) ? ProjectPaths.DefaultDataDirectory : DataDirectory);
}
