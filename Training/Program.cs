using MnistBlazor.Training;
using MnistBlazor.Training.Cli;

OpenMpWaiting.SpinBriefly();
NativeHeap.KeepFreedMemory();

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (stop.IsCancellationRequested)
    {
        return; // a second Ctrl+C ends the process at once
    }

    e.Cancel = true;
    stop.Cancel();
    Console.Error.WriteLine("Stopping after the current batch and saving a checkpoint (Ctrl+C again to abort)...");
};

return TrainingCli.Run(args, Console.Out, Console.Error, stop.Token);
