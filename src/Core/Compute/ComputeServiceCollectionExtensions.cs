using Azure.ResourceManager;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Scaler.Core.Compute;

public static class ComputeServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="IRunnerVms"/> on Azure: the <c>Azure</c> settings (validated on start), one <see cref="ArmClient"/>
    /// for <c>Azure__ManagementEndpoint</c> and <see cref="AzureRunnerVms"/>, which needs no pool settings: each
    /// <see cref="VmRequest"/> carries what its VM is made of. An <see cref="ArmClient"/> registered before wins (tests).
    /// </summary>
    public static IServiceCollection AddRunnerVms(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AzureOptions>().Bind(configuration.GetSection(AzureOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AzureOptions>, AzureOptionsValidator>());

        services.TryAddSingleton(sp => ArmClientFactory.Create(sp.GetRequiredService<IOptions<AzureOptions>>().Value));
        services.TryAddSingleton<IRunnerVms, AzureRunnerVms>();
        return services;
    }
}
