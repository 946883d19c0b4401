using Azure.ResourceManager;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Scaler.Core.Pools;

namespace Scaler.Core.Compute;

public static class ComputeServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="IRunnerVms"/> on Azure: the <c>Azure</c> settings (validated on start), one <see cref="ArmClient"/>
    /// for <c>Azure__ManagementEndpoint</c> and <see cref="AzureRunnerVms"/>. Binds the <c>Scaler</c> section too unless
    /// something (such as <c>AddScalerIntake</c>) already has. An <see cref="ArmClient"/> registered before wins (tests).
    /// </summary>
    public static IServiceCollection AddRunnerVms(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AzureOptions>().Bind(configuration.GetSection(AzureOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AzureOptions>, AzureOptionsValidator>());
        services.AddOptionsBoundOnce<ScalerOptions>(configuration.GetSection(ScalerOptions.Section));

        services.TryAddSingleton(sp => ArmClientFactory.Create(sp.GetRequiredService<IOptions<AzureOptions>>().Value));
        services.TryAddSingleton<IRunnerVms, AzureRunnerVms>();
        return services;
    }
}
