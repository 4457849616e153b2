using static TorchSharp.torch;

namespace MnistBlazor.Training.Cli;

/// <summary>Applies the --device and --threads options.</summary>
public static class TorchSetup
{
    public static Device Configure(string device, int? threads)
    {
        if (threads is { } count)
        {
            set_num_threads(count);
        }

        if (device == "cuda")
        {
            if (!cuda.is_available())
            {
                throw new UsageException("--device cuda: no CUDA device is available here (this build uses TorchSharp-cpu); use --device cpu.");
            }

            return CUDA;
        }

        return CPU;
    }
}
