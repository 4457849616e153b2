using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using MnistBlazor.Server.Drawings;

namespace MnistBlazor.Server.Security;

public static class KeyRing
{
    /// <summary>
    /// Where Data Protection keeps its keys, so instances behind one load balancer accept each other's sign-in
    /// cookies and antiforgery tokens: with <see cref="DrawingsOptions.ConnectionStringSetting"/> set, in that shared
    /// PostgreSQL database (<see cref="KeyRingDatabaseRepository"/>); with <see cref="KeyRingOptions.KeysDirectory"/>
    /// set, in that directory; either way under one application name. With neither: ASP.NET Core's default.
    /// </summary>
    public static WebApplicationBuilder AddSharedKeyRing(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(KeyRingOptions.SectionName).Get<KeyRingOptions>() ?? new KeyRingOptions();
        var inDatabase = !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(DrawingsOptions.ConnectionStringName));
        var inDirectory = !string.IsNullOrWhiteSpace(options.KeysDirectory);
        if (!inDatabase && !inDirectory)
        {
            return builder;
        }

        if (inDatabase && inDirectory)
        {
            throw new InvalidOperationException(
                $"DataProtection:KeysDirectory and {DrawingsOptions.ConnectionStringSetting} are both set: with a PostgreSQL drawings database "
                + "the keys are kept in that database, where every instance finds them; remove DataProtection:KeysDirectory.");
        }

        if (string.IsNullOrWhiteSpace(options.ApplicationName))
        {
            throw new InvalidOperationException(
                $"DataProtection:ApplicationName must not be empty when {(inDatabase ? DrawingsOptions.ConnectionStringSetting : "DataProtection:KeysDirectory")} is set.");
        }

        var dataProtection = builder.Services.AddDataProtection().SetApplicationName(options.ApplicationName);
        if (inDatabase)
        {
            // As ASP.NET Core's own PersistKeysTo... extensions do: the repository goes into KeyManagementOptions.
            builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services =>
            {
                var drawings = services.GetRequiredService<DrawingService>();
                return new ConfigureOptions<KeyManagementOptions>(keys => keys.XmlRepository = new KeyRingDatabaseRepository(() => drawings.Store));
            });
            return builder;
        }

        DirectoryInfo directory;
        try
        {
            directory = Directory.CreateDirectory(options.KeysDirectory!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InvalidOperationException($"DataProtection:KeysDirectory '{options.KeysDirectory}' cannot be used: {e.Message}", e);
        }

        dataProtection.PersistKeysToFileSystem(directory);
        return builder;
    }
}
