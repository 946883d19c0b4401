using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Scaler.Core.Compute;
using Scaler.Core.Convergence;
using Scaler.Core.GitHub;
using Scaler.Core.Jobs;
using Scaler.Core.Runners;
using Scaler.Core.RunnerUpdates;
using Scaler.Core.State;
using Scaler.Core.Storage;

namespace Scaler.Core;

public static class ProcessingServiceCollectionExtensions
{
    /// <summary>
    /// The job processor, the reconciler and their state in Table storage, on the real GitHub and Azure
    /// adapters. Registrations made before this call (fakes, emulator clients) win.
    /// </summary>
    public static IServiceCollection AddScalerProcessing(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddScalerIntake(configuration);
        services.AddGitHubRunners(configuration);
        services.AddRunnerVms(configuration);
        services.AddOptions<RunnerUpdateOptions>().Bind(configuration.GetSection(RunnerUpdateOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RunnerUpdateOptions>, RunnerUpdateOptionsValidator>());
        services.AddHttpClient(RunnerPackageMirror.HttpClientName, client => client.Timeout = TimeSpan.FromMinutes(10));
        services.TryAddSingleton<IRunnerPackageMirror>(sp => sp.GetRequiredService<IOptions<RunnerUpdateOptions>>().Value.Mirror
            ? ActivatorUtilities.CreateInstance<RunnerPackageMirror>(sp, sp.GetRequiredService<StorageAccount>().Blobs())
            : new NoRunnerPackageMirror());
        services.TryAddSingleton<IRunnerReleases, GitHubRunnerReleases>();
        services.TryAddSingleton<IRunnerBootstrap, CloudInitBootstrap>();
        services.AddOptions<ProvisioningOptions>().Bind(configuration.GetSection(ProvisioningOptions.Section));
        services.TryAddSingleton<IJobStore>(sp => new TableJobStore(Table(sp, TableJobStore.TableName)));
        services.TryAddSingleton<ICapacity>(sp => new TableCapacity(Table(sp, TableCapacity.TableName), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<RunnerProvisioner>();
        services.TryAddSingleton<StandbyVms>();
        services.TryAddSingleton<StandbyServe>();
        services.TryAddSingleton<RunnerGroupAccessCache>();
        services.TryAddSingleton<QueuedJobHandler>();
        services.TryAddSingleton<CreateWatchHandler>();
        services.TryAddSingleton<JobProgressHandler>();
        services.TryAddSingleton<JobProcessor>();
        services.TryAddSingleton<PoolSnapshots>();
        services.TryAddSingleton<ReconcileExecutor>();
        services.TryAddSingleton<PoolConvergence>();
        services.TryAddSingleton<JobRepair>();
        services.TryAddSingleton<Reconciler>();
        services.TryAddSingleton<IWebhookDeliveries, OctokitWebhookDeliveries>();
        services.TryAddSingleton<IWatermarks>(sp => new TableWatermarks(Table(sp, TableWatermarks.TableName)));
        services.TryAddSingleton<LostWebhookRecovery>();
        services.TryAddSingleton<JobRequeue>();
        services.TryAddSingleton<StalledJobs>();
        services.TryAddSingleton<JobRetention>();
        services.TryAddSingleton<RunnerVersionWatch>();
        return services;
    }

    private static LazyTable Table(IServiceProvider services, string name) =>
        new(services.GetRequiredService<StorageAccount>().Table(name));
}
