namespace MnistBlazor.Server.Security;

/// <summary>
/// Where ASP.NET Core Data Protection keeps its keys (section <c>DataProtection</c>). The keys sign and encrypt
/// the owner's sign-in cookie and the antiforgery tokens, so every instance behind one load balancer must use
/// the same keys and the same application name; a single server needs neither setting. With a PostgreSQL
/// drawings database (<c>ConnectionStrings:Drawings</c>) the keys are kept in it and no directory is needed.
/// </summary>
public sealed class KeyRingOptions
{
    public const string SectionName = "DataProtection";

    /// <summary>A directory the instances share (for example on a network file system); empty: ASP.NET Core's default (the user profile).</summary>
    public string? KeysDirectory { get; set; }

    /// <summary>What isolates this app's keys from other apps' in the same key store; the same on every instance.</summary>
    public string ApplicationName { get; set; } = "MnistBlazor";
}
