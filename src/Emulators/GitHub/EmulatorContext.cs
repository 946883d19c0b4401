using Scaler.Emulators.GitHub.Auth;
using Scaler.Emulators.GitHub.Faults;
using Scaler.Emulators.GitHub.Jobs;
using Scaler.Emulators.GitHub.Recording;
using Scaler.Emulators.GitHub.Runners;
using Scaler.Emulators.GitHub.Tenancy;
using Scaler.Emulators.GitHub.Webhooks;

namespace Scaler.Emulators.GitHub;

/// <summary>The emulator's state and services, shared by its endpoints and its control API.</summary>
internal sealed class EmulatorContext
{
    public EmulatorContext(GitHubEmulatorOptions options)
    {
        Options = options;
        Time = options.TimeProvider;
        Tenants = new Tenants();
        Tokens = new TokenStore(Time, options.TokenLifetime, options.PersonalAccessTokens, IssuedSecrets.Enqueue);
        History = new GitHubHistory(options.Sequence, Time);
        Registry = new RunnerRegistry(options.RunnerGroupCapacity, History);
        Versions = new RunnerVersionPolicy(Time, options.RunnerVersionGrace);
        Faults = new GitHubFaults(options.FaultSeed);
        Counters = new GitHubCounters();
        Deliveries = new DeliveryLog();
        Webhooks = new WebhookSender(options, Faults, Deliveries, Counters);
        Scheduler = new JobScheduler(Registry, Tenants, Versions, options, History, Notify);
    }

    public GitHubEmulatorOptions Options { get; }

    public TimeProvider Time { get; }

    public Tenants Tenants { get; }

    public TokenStore Tokens { get; }

    /// <summary>Every installation token, runner token and encoded JIT config handed out, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> IssuedSecrets { get; } = new();

    public GitHubHistory History { get; }

    public RunnerRegistry Registry { get; }

    public RunnerVersionPolicy Versions { get; }

    public JitConfigCodec JitConfigs { get; } = new();

    public GitHubFaults Faults { get; }

    public GitHubCounters Counters { get; }

    public DeliveryLog Deliveries { get; }

    public WebhookSender Webhooks { get; }

    public JobScheduler Scheduler { get; }

    public event Action<WorkflowJobInfo, string>? JobChanged;

    private void Notify(WorkflowJob job, string action)
    {
        var body = WorkflowJobPayload.Build(job, action, Tenants);
        var installationId = Tenants.FindOrganization(job.Repository.Owner)?.InstallationId;
        Webhooks.Enqueue(new PendingDelivery(Guid.NewGuid().ToString(), "workflow_job", action, body, installationId, job.Repository.Id, Redelivery: false));
        JobChanged?.Invoke(job.ToInfo(), action);
    }
}
