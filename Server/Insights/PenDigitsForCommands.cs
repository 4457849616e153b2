using MnistBlazor.Client.Insights;

namespace MnistBlazor.Server.Insights;

/// <summary>The pen digits as the server's benchmark verbs need them: read to the end before they start.</summary>
public static class PenDigitsForCommands
{
    /// <summary>
    /// The pen digits once read, or null after writing "<paramref name="withoutThem"/>: " and why there are none to
    /// <paramref name="output"/>.
    /// </summary>
    public static PenDigitsSnapshot? ReadOrExplain(IServiceProvider services, TextWriter output, string withoutThem)
    {
        var penDigits = services.GetRequiredService<IPenDigits>().LoadedAsync().GetAwaiter().GetResult();
        if (penDigits is { State: PenDigitsState.Ready, Set: not null, Images: not null })
        {
            return penDigits;
        }

        output.WriteLine($"{withoutThem}: {penDigits.Problem}");
        return null;
    }
}
