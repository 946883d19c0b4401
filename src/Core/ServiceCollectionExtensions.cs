using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Scaler.Core.GitHub;
using Scaler.Core.Intake;
using Scaler.Core.Jobs;
using Scaler.Core.Pools;
using Scaler.Core.Storage;
using Scaler.Core.Telemetry;

namespace Scaler.Core;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Settings (validated on start: a missing webhook secret stops the host), routing and the webhook
    /// intake on the <c>workflow-jobs</c> queue. Shared by the Functions app and <c>scaler serve</c>.
    /// </summary>
    public static IServiceCollection AddScalerIntake(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>());
        services.AddOptionsBoundOnce<GitHubOptions>(configuration.GetSection(GitHubOptions.Section)).ValidateOnStart();
        services.AddOptionsBoundOnce<ScalerOptions>(configuration.GetSection(ScalerOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GitHubOptions>, GitHubOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ScalerOptions>, PoolOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ScalerOptions>, PoolCredentialsValidator>());
        services.AddOptionsBoundOnce<IntakeOptions>(configuration.GetSection(IntakeOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IntakeOptions>, IntakeOptionsValidator>());

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ScalerMetrics>();
        services.TryAddSingleton<PoolRouter>();
        services.TryAddSingleton(_ => new StorageAccount(configuration));
        services.TryAddSingleton<IJobQueue>(sp => new StorageJobQueue(sp.GetRequiredService<StorageAccount>()));
        services.TryAddSingleton(sp => new UnauthenticatedBodyBudget(sp.GetRequiredService<IOptions<IntakeOptions>>().Value.UnauthenticatedBodyBytes));
        services.TryAddSingleton<WebhookIntake>();
        return services;
    }
}
