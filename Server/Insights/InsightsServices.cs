using MnistBlazor.Shared.Records;
using MnistBlazor.Client.Insights;
using MnistBlazor.Server.Inference;

namespace MnistBlazor.Server.Insights;

public static class InsightsServices
{
    /// <summary>The history/comparison/dataset pages' services: the model records (from ModelFolders), comparison measurements, MNIST test set, pen digits.</summary>
    public static IServiceCollection AddModelInsights(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<InsightsOptions>(configuration.GetSection(InsightsOptions.SectionName));
        services.AddSingleton<IModelRecords>(s => s.GetRequiredService<ModelFolders>());
        services.AddSingleton<MnistTestSet>();
        services.AddSingleton<IMnistTestSet>(s => s.GetRequiredService<MnistTestSet>());
        services.Configure<PenDigitsOptions>(configuration.GetSection(PenDigitsOptions.SectionName));
        services.AddSingleton<PenDigitsService>();
        services.AddSingleton<IPenDigits>(s => s.GetRequiredService<PenDigitsService>());
        services.AddSingleton<ModelComparisonService>();
        services.AddSingleton<IModelComparison>(s => s.GetRequiredService<ModelComparisonService>());
        return services;
    }
}
