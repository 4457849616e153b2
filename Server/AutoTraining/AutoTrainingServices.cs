using MnistBlazor.Client.AutoTraining;

namespace MnistBlazor.Server.AutoTraining;

public static class AutoTrainingServices
{
    /// <summary>The background trainer of missing models (off unless Training:AutoTrain is true) and its status.</summary>
    public static IServiceCollection AddAutoTraining(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AutoTrainingOptions>().Bind(configuration.GetSection(AutoTrainingOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ITrainingProcessLauncher, ChildProcessLauncher>();
        services.AddSingleton<AutoTrainingService>();
        services.AddSingleton<IAutoTrainingStatus>(s => s.GetRequiredService<AutoTrainingService>());
        services.AddHostedService(s => s.GetRequiredService<AutoTrainingService>());
        return services;
    }
}
