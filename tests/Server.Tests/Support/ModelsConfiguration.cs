using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MnistBlazor.Server.Inference;

namespace MnistBlazor.Server.Tests.Support;

/// <summary>The "Models" options bound and validated as the server binds them.</summary>
public static class ModelsConfiguration
{
    /// <summary>The options from one setting of the section, e.g. "Precision" = "int8"; a null value sets nothing.</summary>
    public static ModelsOptions Bind(string setting, string? value)
    {
        var settings = new Dictionary<string, string?>();
        if (value is not null)
        {
            settings[$"{ModelsOptions.SectionName}:{setting}"] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddOptions<ModelsOptions>().Bind(configuration.GetSection(ModelsOptions.SectionName)).ValidateDataAnnotations();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<ModelsOptions>>().Value;
    }
}
