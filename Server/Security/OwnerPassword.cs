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
    }

    /// <summary>Whether an owner password is configured (otherwise nobody can sign in).</summary>
    public bool IsSet => hash is not null;

    public bool Matches(string? attempt) =>
        hash is not null && attempt is not null && CryptographicOperations.FixedTimeEquals(Hash(attempt), hash);

    private static byte[] Hash(string password) => SHA256.HashData(Encoding.UTF8.GetBytes(password));
}
