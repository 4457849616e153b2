using System.ComponentModel.DataAnnotations;
using MnistBlazor.Server.Configuration;

namespace MnistBlazor.Server.Security;

/// <summary>
/// Configuration section "Owner": who may change the server's data (<see cref="Client.Owner.OwnerPolicy.Actions"/>).
/// See docs/security.md.
/// </summary>
public sealed class OwnerOptions
{
    public const string SectionName = "Owner";

    /// <summary>
    /// The owner's password, best given as the environment variable <c>Owner__Password</c>. Kept in
    /// memory only as its SHA-256 hash. Empty (the default): nobody can sign in.
    /// </summary>
    public string? Password { get; set; }

    /// <summary>The SHA-256 of the owner's password (64 hex digits), instead of <see cref="Password"/>.</summary>
    public string? PasswordSha256 { get; set; }

    /// <summary>
    /// Requests from this machine (a loopback remote address, or none: in-process and Unix sockets)
    /// act as the owner without signing in. Set false behind a reverse proxy on the same machine,
    /// where every request comes from loopback.
    /// </summary>
    public bool LoopbackIsOwner { get; set; } = true;

    /// <summary>How long a sign-in lasts.</summary>
    [TimeRange("00:01:00", "366.00:00:00", ErrorMessage = "Owner:SignInLifetime must be a time from 00:01:00 to 366.00:00:00 (a year).")]
    public TimeSpan SignInLifetime { get; set; } = TimeSpan.FromDays(7);
}
