using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace MnistBlazor.Server.Security;

/// <summary>The owner's password as its SHA-256 hash; attempts are hashed and compared in constant time.</summary>
public sealed class OwnerPassword
{
    private readonly byte[]? hash;

    public OwnerPassword(IOptions<OwnerOptions> options)
    {
        var owner = options.Value;
        if (!string.IsNullOrEmpty(owner.Password))
        {
            hash = Hash(owner.Password);
        }
        else if (!string.IsNullOrWhiteSpace(owner.PasswordSha256))
        {
            try
            {
                hash = Convert.FromHexString(owner.PasswordSha256.Trim());
            }
            catch (FormatException)
            {
                throw new OptionsValidationException(OwnerOptions.SectionName, typeof(OwnerOptions),
                    [$"{OwnerOptions.SectionName}:PasswordSha256 must be 64 hex digits (the SHA-256 of the password)."]);
            }

            if (hash.Length != SHA256.HashSizeInBytes)
            {
                throw new OptionsValidationException(OwnerOptions.SectionName, typeof(OwnerOptions),
                    [$"{OwnerOptions.SectionName}:PasswordSha256 must be 64 hex digits (the SHA-256 of the password); it has {hash.Length * 2}."]);
            }
        }

        Stamp = hash is null ? null : Convert.ToHexString(SHA256.HashData(hash));
    }

    /// <summary>Whether an owner password is configured (otherwise nobody can sign in).</summary>
    public bool IsSet => hash is not null;

    /// <summary>
    /// Stands for this password in sign-in cookies (which data protection encrypts): another password
    /// gives another stamp, so its cookies stop counting. Null without a password.
    /// </summary>
    public string? Stamp { get; }

    /// <summary>Whether <paramref name="stamp"/> (from a cookie) is this password's.</summary>
    public bool IsStamp(string? stamp) =>
        Stamp is { } current && stamp is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(current), Encoding.ASCII.GetBytes(stamp));

    public bool Matches(string? attempt) =>
        hash is not null && attempt is not null && CryptographicOperations.FixedTimeEquals(Hash(attempt), hash);

    private static byte[] Hash(string password) => SHA256.HashData(Encoding.UTF8.GetBytes(password));
}
