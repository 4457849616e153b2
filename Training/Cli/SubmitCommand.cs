using System.CommandLine;
using MnistBlazor.Shared.Data;
using MnistBlazor.Training.Evaluation;

namespace MnistBlazor.Training.Cli;

/// <summary><c>submit</c>: Kaggle test.csv -> submission.csv by one model or a soft vote of several.</summary>
public static class SubmitCommand
{
    public static Command Create()
    {
        var model = CliOptions.Model("ensemble", allowEnsemble: true, allowList: true);
        model.Description = "One model id, 'ensemble' (soft vote of the three CNNs), 'all', or a comma-separated list to soft-vote";
        var testCsv = CliOptions.ExistingFile("--test-csv", "Kaggle's test.csv (pixel0..pixel783, no label)");
        testCsv.Required = true;
        var outputPath = new Option<string>("--output") { Description = "Submission file to write", DefaultValueFactory = _ => "submission.csv" };
        var modelsDirectory = CliOptions.ModelsDirectory();
        var device = CliOptions.Device();
        var threads = CliOptions.Threads();
        var command = new Command("submit", "Write a Kaggle submission (ImageId,Label) from trained models; several models vote with their averaged probabilities")
        {
            model, testCsv, outputPath, modelsDirectory, device, threads,
        };
        command.SetAction(parse =>
        {
            var output = CommandOutput.From(parse);
            var torchDevice = TorchSetup.Configure(parse.GetValue(device)!, parse.GetValue(threads));
            var models = CliOptions.ResolveModels(parse.GetValue(model)!);
            var test = KaggleCsv.ReadTest(parse.GetValue(testCsv)!);
            var probabilities = SoftVote.Probabilities(models, parse.GetValue(modelsDirectory)!, test, torchDevice,
                images => output.Progress($"{string.Join(" + ", models.Select(m => m.Id))} on {test.Count} test images", images, "images"));

            var labels = Predictor.ArgMax(probabilities);
            var path = parse.GetValue(outputPath)!;
            KaggleCsv.WriteSubmission(path, labels);
            var counts = Enumerable.Range(0, 10).Select(digit => $"{digit}:{labels.Count(l => l == digit)}");
            output.Output.WriteLine($"Wrote {labels.Length} predictions by {string.Join(" + ", models.Select(m => m.Id))} to {Path.GetFullPath(path)}");
            output.Output.WriteLine($"Predicted digits: {string.Join(" ", counts)}");
            return 0;
        });
        return command;
    }
}
