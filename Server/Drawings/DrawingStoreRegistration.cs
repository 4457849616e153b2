using Microsoft.Extensions.Options;

namespace MnistBlazor.Server.Drawings;

/// <summary>The drawings store's settings, checked when the server starts, and the service that opens it.</summary>
public static class DrawingStoreRegistration
{
    public static IServiceCollection AddDrawingStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DrawingsOptions>()
            .Bind(configuration.GetSection(DrawingsOptions.SectionName))
            .Configure(options => options.ConnectionString = configuration.GetConnectionString(DrawingsOptions.ConnectionStringName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DrawingsOptions>, DrawingsOptionsValidation>();
        services.AddSingleton<DrawingService>();
        services.AddSingleton<SavedDrawingsWarmUp>();
        services.AddHostedService(s => s.GetRequiredService<SavedDrawingsWarmUp>());
        return services;
    }

    /// <summary>A connection string that cannot be used stops the server at start, naming the setting (never its value: it may hold a password).</summary>
    private sealed class DrawingsOptionsValidation : IValidateOptions<DrawingsOptions>
    {
        public ValidateOptionsResult Validate(string? name, DrawingsOptions options)
        {
            try
            {
                var database = options.ResolveDatabase();
                if (database.IsShared && options.MaxDatabaseBytes is not null)
                {
                    return ValidateOptionsResult.Fail(
                        $"{DrawingsOptions.SectionName}:MaxDatabaseBytes limits the SQLite file only; with {DrawingsOptions.ConnectionStringSetting} (PostgreSQL) "
                        + "leave it empty: the database server's disk is the limit.");
                }

                return ValidateOptionsResult.Success;
            }
            catch (ArgumentException e)
            {
                return ValidateOptionsResult.Fail(e.Message);
            }
        }
    }
}
