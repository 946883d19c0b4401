using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Scaler.Emulators.Common;
using Scaler.Emulators.GitHub.Auth;
using Scaler.Emulators.GitHub.Endpoints;
using Scaler.Emulators.GitHub.Faults;
using Scaler.Emulators.GitHub.Http;
using Scaler.Emulators.GitHub.Jobs;
using Scaler.Emulators.GitHub.Json;
using Scaler.Emulators.GitHub.RateLimits;
using Scaler.Emulators.GitHub.Recording;
using Scaler.Emulators.GitHub.Runners;
using Scaler.Emulators.GitHub.Webhooks;

namespace Scaler.Emulators.GitHub;

/// <summary>
/// An in-process GitHub: REST endpoints under <c>/api/v3/</c> (the layout Octokit uses for any
/// host but api.github.com), a job scheduler, signed <c>workflow_job</c> webhooks, rate limits and
/// fault injection, with a C# control surface for tests. Start one with <see cref="StartAsync"/>.
/// </summary>
public sealed class GitHubEmulator : IEmulator<GitHubEmulator, GitHubEmulatorOptions, GitHubEndpoint>
{
    private readonly EmulatorContext context;
    private WebApplication? app;

    private GitHubEmulator(GitHubEmulatorOptions options)
    {
        context = new EmulatorContext(options);
        foreach (var enterprise in options.Enterprises)
        {
            context.Tenants.AddEnterprise(enterprise);
        }

        foreach (var organization in options.Organizations)
        {
            context.Tenants.AddOrganization(organization);
        }

        foreach (var repository in options.Repositories)
        {
            context.Tenants.AddRepository(repository);
        }


        foreach (var group in options.RunnerGroups)

        {

            context.Tenants.AddRunnerGroup(group);

        }

        foreach (var release in options.RunnerReleases)
        {
            context.Versions.Add(release);
        }

        context.Deliveries.Recorded += d => DeliveryRecorded?.Invoke(d);
        context.JobChanged += (job, action) => JobChanged?.Invoke(job, action);
    }

    /// <summary>The server root, e.g. <c>http://127.0.0.1:PORT/</c>; give this to Octokit.</summary>
    public Uri BaseUri { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The REST root, <c>BaseUri + "api/v3/"</c>.</summary>
    public Uri ApiUri => new(BaseUri, "api/v3/");

    public GitHubCounters Counters => context.Counters;

    /// <summary>
    /// Every secret the emulator has handed out (installation tokens, runner tokens, encoded JIT configs), for
    /// tests that search logs for them. Read-only: a snapshot.
    /// </summary>
    public IReadOnlyList<string> IssuedSecrets => [.. context.IssuedSecrets];

    public GitHubFaults Faults => context.Faults;

    /// <summary>Every runner registered, removed, busy and idle, and every job queued, started and completed, in order.</summary>
    public GitHubHistory History => context.History;

    /// <summary>The sequence its history is numbered by; give it to another emulator's options to order both histories together.</summary>
    public EventSequence Sequence => context.Options.Sequence;

    RequestFaults<GitHubEndpoint> IEmulator<GitHubEmulator, GitHubEmulatorOptions, GitHubEndpoint>.Faults => Faults;

    RequestCounters<GitHubEndpoint> IEmulator<GitHubEmulator, GitHubEmulatorOptions, GitHubEndpoint>.Counters => Counters;

    /// <summary>Raised after each delivery attempt is recorded (on the sender's thread).</summary>
    public event Action<WebhookDeliveryInfo>? DeliveryRecorded;

    /// <summary>Raised on each job transition with the webhook action (under the scheduler's lock: do not block).</summary>
    public event Action<WorkflowJobInfo, string>? JobChanged;

    /// <summary>Starts an emulator on a free loopback port, seeded from <paramref name="options"/>; it serves and sends webhooks once this completes.</summary>
    public static async Task<GitHubEmulator> StartAsync(GitHubEmulatorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var emulator = new GitHubEmulator(options);
        try
        {
            await emulator.ListenAsync(cancellationToken);
            return emulator;
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }
    }

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.ConfigureHttpJsonOptions(o => GitHubJson.Configure(o.SerializerOptions));
        var app = builder.Build();
        var pipeline = new ApiPipeline(
            context.Counters,
            context.Faults,
            new AppJwtValidator(context.Options.AppId, context.Options.AppPublicKey!, context.Time),
            context.Tokens,
            new RateLimiter(context.Time, context.Options.PrimaryRequestsPerHour, context.Options.SecondaryPointsPerMinute),
            context.Time,
            context.Options.SecondaryMaxConcurrentRequests is { } maxConcurrent ? new ConcurrencyLimit(maxConcurrent) : null,
            context.Options.SecondaryLimitStatus);
        app.UseRouting();
        app.Use(pipeline.InvokeAsync);
        var api = app.MapGroup("/api/v3");
        AppEndpoints.Map(api, context);
        DeliveryEndpoints.Map(api, context);
        RunnerEndpoints.Map(api, context);
        RunnerGroupEndpoints.Map(api, context);
        ReleaseEndpoints.Map(api, context);
        JobEndpoints.Map(api, context);
        RunnerSimulationEndpoints.Map(app, context);
        await app.StartAsync(cancellationToken);
        this.app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUri = new Uri(address.TrimEnd('/') + "/");
        context.Webhooks.Start();
    }

    public void AddEnterprise(EnterpriseSeed enterprise) => context.Tenants.AddEnterprise(enterprise);

    public void AddOrganization(OrganizationSeed organization) => context.Tenants.AddOrganization(organization);

    public void AddRepository(RepositorySeed repository) => context.Tenants.AddRepository(repository);

    public void AddRunnerRelease(RunnerRelease release) => context.Versions.Add(release);

    /// <summary>Adds or replaces a runner group at run time (see <see cref="RunnerGroupSeed"/>).</summary>
    public void AddRunnerGroup(RunnerGroupSeed group) => context.Tenants.AddRunnerGroup(group);

    /// <summary>
    /// Publishes an <c>actions/runner</c> release at run time: from <paramref name="publishedAt"/> on (on the
    /// emulator's clock) it is listed, served as <c>releases/latest</c> and offered by the downloads endpoints when it
    /// is the newest, and it starts the 30-day clock of older runners.
    /// </summary>
    public RunnerRelease PublishRelease(string version, DateTimeOffset publishedAt)
    {
        var release = new RunnerRelease(version, publishedAt);
        context.Versions.Add(release);
        return release;
    }

    /// <summary>Queues a job (or makes it wait for approval) and hands it to a runner if one is eligible.</summary>
    public WorkflowJobInfo QueueJob(JobRequest request) => context.Scheduler.Queue(request);

    /// <summary>Approves a <c>waiting</c> job, which then becomes <c>queued</c>.</summary>
    public bool ApproveJob(long jobId) => context.Scheduler.Approve(jobId);

    /// <summary>Cancels a job that has not completed; it completes with conclusion <c>cancelled</c>.</summary>
    public bool CancelJob(long jobId) => context.Scheduler.Cancel(jobId);

    public WorkflowJobInfo? GetJob(long jobId) => context.Scheduler.Find(jobId);

    public IReadOnlyList<WorkflowJobInfo> GetJobs() => context.Scheduler.All();

    public IReadOnlyList<RunnerInfo> GetRunners()
    {
        lock (context.Registry.Gate)
        {
            return context.Registry.All.OrderBy(r => r.Id).Select(r => r.ToInfo()).ToList();
        }
    }

    /// <summary>Every delivery attempt, newest first.</summary>
    public IReadOnlyList<WebhookDeliveryInfo> GetDeliveries() => context.Deliveries.All();

    public async ValueTask DisposeAsync()
    {
        context.Scheduler.StopTimers();
        await context.Webhooks.DisposeAsync();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
