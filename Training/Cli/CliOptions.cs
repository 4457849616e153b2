using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using MnistBlazor.Shared;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Models;
using MnistBlazor.Training.Precision;

using MnistBlazor.Training.Drawings;

namespace MnistBlazor.Training.Cli;

/// <summary>The options several commands share, each built fresh for its command.</summary>
public static class CliOptions
{
    public const string All = "all";

    public static Option<string> Model(string defaultValue, bool allowEnsemble, bool allowList)
    {
        var choices = new List<string>(ModelCatalog.Ids) { All };
        if (allowEnsemble)
        {
            choices.Add(ModelCatalog.EnsembleId);
        }

        var option = new Option<string>("--model", "-m")
        {
            Description = $"Model id ({string.Join(", ", choices)})" + (allowList ? ", or a comma-separated list of ids" : ""),
            DefaultValueFactory = _ => defaultValue,
        };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>() ?? "";
            var parts = allowList ? value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [value];
            var unknown = parts.Where(p => !choices.Contains(p, StringComparer.OrdinalIgnoreCase)).ToArray();
            if (parts.Length == 0 || unknown.Length > 0)
            {
                result.AddError($"Unknown model '{string.Join(",", unknown.DefaultIfEmpty(value))}' for --model. Known: {string.Join(", ", choices)}.");
            }
        });
        return option;
    }

    /// <summary>The model specs a --model value names (ids, "all", "ensemble" or a comma-separated list).</summary>
    public static IReadOnlyList<ModelSpec> ResolveModels(string value)
    {
        var result = new List<ModelSpec>();
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            IEnumerable<ModelSpec> specs = part.ToLowerInvariant() switch
            {
                All => ModelCatalog.All,
                ModelCatalog.EnsembleId => Ensemble.Members,
                _ => [ModelCatalog.Get(part)],
            };
            result.AddRange(specs.Where(s => !result.Contains(s)));
        }

        return result;
    }

    public static Option<string> DataDirectory() => Folder(new("--data-dir")
    {
        Description = "Data directory (MNIST IDX files in <dir>/mnist); default <repo>/data or $MNISTBLAZOR_DATA_DIR",
        DefaultValueFactory = _ => ProjectPaths.DefaultDataDirectory,
    });

    public static Option<string?> DrawingsDatabase() => new("--drawings-db")
    {
        Description = "The web app's saved-drawings SQLite file; default <data-dir>/drawings.db",
    };

    public static Option<string?> DrawingsConnection() => new("--drawings-connection")
    {
        Description = $"Read the drawings from the web app's shared PostgreSQL database (its connection string); default ${Shared.Infrastructure.DrawingsDatabase.ConnectionVariable} when set, as the server reads it",
    };

    public static Option<string> ModelsDirectory() => Folder(new("--models-dir")
    {
        Description = "Models directory (one folder per model); default <repo>/models or $MNISTBLAZOR_MODELS_DIR",
        DefaultValueFactory = _ => ProjectPaths.DefaultModelsDirectory,
    });

    /// <summary>A folder, made when missing; a file in its place is a parse error naming the option (not the system's "file already exists").</summary>
    private static Option<string> Folder(Option<string> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { Length: > 0 } path && File.Exists(path))
            {
                result.AddError($"{option.Name}: {Path.GetFullPath(path)} is a file; it must be a folder (made when missing).");
            }
        });
        return option;
    }

    /// <summary>--seed: any whole number (default 42); anything else is a parse error naming the option and the value.</summary>
    public static Option<int> Seed(string description)
    {
        var option = new Option<int>("--seed") { Description = description, DefaultValueFactory = _ => 42 };
        option.CustomParser = result => WholeNumber(result, option.Name, _ => true, "a whole number") ?? 0;
        return option;
    }

    /// <summary>The one value of <paramref name="result"/> as a whole number that <paramref name="isValid"/> accepts; otherwise a parse error naming the option, and null.</summary>
    private static int? WholeNumber(ArgumentResult result, string name, Func<int, bool> isValid, string expectation)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && isValid(value))
        {
            return value;
        }

        result.AddError($"{name} must be {expectation}; got '{text}'.");
        return null;
    }

    public static Option<string> Device()
    {
        var option = new Option<string>("--device")
        {
            Description = "cpu, or cuda where this machine has a CUDA GPU and a CUDA build of TorchSharp",
            DefaultValueFactory = _ => "cpu",
        };
        return option.AcceptOnlyFromAmong("cpu", "cuda");
    }

    /// <summary>--precision fp32|bf16|auto; without a default the command decides what no value means.</summary>
    public static Option<string?> Precision(string description) =>
        new Option<string?>("--precision") { Description = description }.AcceptOnlyFromAmong(PrecisionChoice.Names);

    public const string TrainingPrecisionDescription =
        "Arithmetic of the forward and backward passes: auto (bf16 where the CPU has avx512_bf16 or amx_bf16), fp32, "
        + "or bf16 (mixed precision: bfloat16 convolutions and dense layers; float32 weights, optimizer, loss and BatchNorm; "
        + "needs a CPU with avx512_bf16 or amx_bf16)";

    /// <summary>The precision policy a --precision value asks for on this machine (the default when none is given), checked now.</summary>
    public static PrecisionPolicy PrecisionPolicy(string? choice, string defaultChoice) =>
        new PrecisionPolicy(choice ?? defaultChoice, CpuFeatures.Current).Validated();

    public static Option<int?> Threads() => Positive(new Option<int?>("--threads") { Description = "CPU threads torch may use (default: all cores)" });

    /// <summary>A whole number of at least 1; anything else is a parse error naming the option and the value.</summary>
    public static Option<int?> Positive(Option<int?> option)
    {
        option.CustomParser = result => WholeNumber(result, option.Name, value => value > 0, "a positive whole number");
        return option;
    }

    /// <summary>A finite number greater than 0.</summary>
    public static Option<double?> PositiveNumber(Option<double?> option) =>
        NumberIn(option, value => value > 0, "a positive number");

    public static Option<double?> NumberIn(Option<double?> option, Func<double, bool> isValid, string expectation)
    {
        option.CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && isValid(value))
            {
                return value;
            }

            result.AddError($"{option.Name} must be {expectation}; got '{text}'.");
            return null;
        };
        return option;
    }

    /// <summary><c>--variations</c>: with <c>--pen-digits</c>, the same digits also written each <see cref="Shared.PenDigits.PenDigitVariation.Standard"/> way.</summary>
    public static Option<bool> PenDigitVariations(string purpose) =>
        new("--variations") { Description = $"With --pen-digits: also {purpose} the same digits written differently (turned, slanted, narrower, wider), as people the file lacks may write them" };

    /// <summary>Refuses <c>--variations</c> without the pen digits it writes differently.</summary>
    public static void RequirePenDigitsForVariations(bool variations, string? penDigitsPath)
    {
        if (variations && penDigitsPath is null)
        {
            throw new UsageException("--variations writes the pen digits differently, so it needs --pen-digits FILE.");
        }
    }

    public static Option<string?> ExistingFile(string name, string description)
    {
        var option = new Option<string?>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } path && !File.Exists(path))
            {
                result.AddError($"{name}: file not found: {Path.GetFullPath(path)}");
            }
        });
        return option;
    }
}
