namespace MnistBlazor.Client.Owner;

/// <summary>
/// The server's owner, as the pages and the server name it: the authorization policy every write
/// needs (<see cref="Actions"/>) and the page where the owner signs in. The server defines what
/// satisfies the policy (docs/security.md).
/// </summary>
public static class OwnerPolicy
{
    public const string Name = "owner";

    /// <summary>
    /// Authorization policy of reading the saved drawings (their list, strokes, canvases and the models' measurement on
    /// them): anyone, unless the server keeps them private (<c>Drawings:Private</c>), then the owner alone.
    /// </summary>
    public const string DrawingsReaderName = "drawings-reader";

    /// <summary>Said wherever private drawings are refused; completes "Sign in as owner to …".</summary>
    public const string PrivateDrawingsAction = "see the saved drawings: they are private on this server";

    /// <summary>What only the owner may do, as the sign-in page and the server's log say it.</summary>
    public const string Actions = "saving, relabelling, deleting and exporting drawings, switching model versions and training models";

    public const string SignInPath = "/signin";

    /// <summary>The sign-in page, coming back to <paramref name="returnPath"/> (a path on this site) afterwards.</summary>
    public static string SignInUrl(string returnPath) =>
        $"{SignInPath.TrimStart('/')}?returnUrl={Uri.EscapeDataString("/" + returnPath.TrimStart('/'))}";
}
