using Microsoft.AspNetCore.DataProtection;

namespace MnistBlazor.Server.Security;

public static class KeyRing
{
    /// <summary>
    /// With <see cref="KeyRingOptions.KeysDirectory"/> set, Data Protection keys live there under one application
    /// name, so instances sharing the directory accept each other's sign-in cookies and antiforgery tokens.
    /// </summary>
    public static WebApplicationBuilder AddSharedKeyRing(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(KeyRingOptions.SectionName).Get<KeyRingOptions>() ?? new KeyRingOptions();
        if (string.IsNullOrWhiteSpace(options.KeysDirectory))
        {
            return builder;
        }

        if (string.IsNullOrWhiteSpace(options.ApplicationName))
        {
            throw new InvalidOperationException("DataProtection:ApplicationName must not be empty when DataProtection:KeysDirectory is set.");
        }

        DirectoryInfo keys;
        try
        {
            keys = Directory.CreateDirectory(options.KeysDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InvalidOperationException($"DataProtection:KeysDirectory '{options.KeysDirectory}' cannot be used: {e.Message}", e);
        }

        builder.Services.AddDataProtection()
            .PersistKeysToFileSystem(keys)
            .SetApplicationName(options.ApplicationName);
        return builder;
    }
}
