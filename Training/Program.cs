using System.Runtime.InteropServices;
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

// SIGTERM (how the web app stops its trainer; a background process may have SIGINT ignored) stops the same way.
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    if (!stop.IsCancellationRequested)
    {
        stop.Cancel();
        Console.Error.WriteLine("Asked to stop: stopping after the current batch and saving a checkpoint...");
    }
});

return TrainingCli.Run(args, Console.Out, Console.Error, stop.Token);
