using System.CommandLine;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Training.Cli;

/// <summary><c>versions</c>: lists a model's stored versions (original, fine-tunes, trainings since), puts one in use or deletes one.</summary>
public static class VersionsCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = $"Model id ({string.Join(", ", ModelCatalog.Ids)})", Required = true }
            .AcceptOnlyFromAmong([.. ModelCatalog.Ids]);
        var activate = new Option<string?>("--activate") { Description = "Put this version in use (the web app reloads it without a restart)" };
        var delete = new Option<string?>("--delete") { Description = "Delete this version for good (not the one in use)" };
        var modelsDirectory = CliOptions.ModelsDirectory();
        var command = new Command("versions", "List a model's versions kept beside it (original, fine-tunes, trainings since), switch between them, delete one")
        {
            model, activate, delete, modelsDirectory,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(activate) is not null && result.GetValue(delete) is not null)
            {
                result.AddError("Give either --activate or --delete, not both.");
            }
        });
        command.SetAction(parse =>
        {
            var output = CommandOutput.From(parse);
            var id = ModelCatalog.Get(parse.GetValue(model)!).Id;
            var root = parse.GetValue(modelsDirectory)!;
            if (parse.GetValue(activate) is { } version)
            {
                try
                {
                    ModelVersions.Activate(root, id, version);
                }
                catch (Exception e) when (e is ArgumentException or TimeoutException)
                {
                    // TimeoutException: another activation (the server's or a fine-tune's) held the model's activation lock.
                    throw new UsageException(e.Message);
                }

                output.Output.WriteLine($"{id}: {version} is now in use ({new ModelFiles(root, id).Onnx}).");
            }

            if (parse.GetValue(delete) is { } deleted)
            {
                try
                {
                    ModelVersions.Delete(root, id, deleted);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or TimeoutException)
                {
                    throw new UsageException(e.Message);
                }

                output.Output.WriteLine($"{id}: {deleted} deleted.");
            }

            var versions = ModelVersions.List(root, id);
            if (versions.Count == 0)
            {
                output.Output.WriteLine($"{id}: no versions kept in {ModelVersions.Root(root, id)} (a fine-tune keeps the original there).");
                return 0;
            }

            foreach (var stored in versions)
            {
                var described = ModelVersions.Describe(stored.Name);
                var size = FormattableString.Invariant($"{ModelVersions.SizeOf(stored) / 1e6:F1} MB");
                output.Output.WriteLine($"{(stored.IsActive ? "*" : " ")} {stored.Name}  ({(described == stored.Name ? "" : $"{described}, ")}{size})");
            }

            return 0;
        });
        return command;
    }
}
