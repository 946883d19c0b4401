using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Scaler.Emulators.GitHub.Auth;
using Scaler.Emulators.GitHub.Endpoints;
using Scaler.Emulators.GitHub.Faults;
using Scaler.Emulators.GitHub.Http;
using Scaler.Emulators.GitHub.Jobs;
using Scaler.Emulators.GitHub.Json;
using Scaler.Emulators.GitHub.RateLimits;
using Scaler.Emulators.GitHub.Runners;
using Scaler.Emulators.GitHub.Webhooks;

namespace Scaler.Emulators.GitHub;

/// <summary>
/// An in-process GitHub: REST endpoints under <c>/api/v3/</c> (the layout Octokit uses for any
/// host but api.github.com), a job scheduler, signed <c>workflow_job</c> webhooks, rate limits and
/// fault injection, with a C# control surface for tests.
/// </summary>
public sealed class GitHubEmulator : IAsyncDisposable
{
    private readonly EmulatorContext _context;
    private WebApplication? _app;

    public GitHubEmulator(GitHubEmulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _context = new EmulatorContext(options);
        foreach (var enterprise in options.Enterprises)
        {
            _context.Tenants.AddEnterprise(enterprise);
        }

        foreach (var organization in options.Organizations)
        {
            _context.Tenants.AddOrganization(organization);
        }

        foreach (var repository in options.Repositories)
        {
            _context.Tenants.AddRepository(repository);
        }

        foreach (var group in options.RunnerGroups)
        {
            _context.Tenants.AddRunnerGroup(group);
        }

        foreach (var release in options.RunnerReleases)
        {
            _context.Versions.Add(release);
        }

        _context.Deliveries.Recorded += d => DeliveryRecorded?.Invoke(d);
        _context.JobChanged += (job, action) => JobChanged?.Invoke(job, action);
    }

    /// <summary>The server root, e.g. <c>http://127.0.0.1:PORT/</c>; give this to Octokit.</summary>
    public Uri BaseUri { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The REST root, <c>BaseUri + "api/v3/"</c>.</summary>
    public Uri ApiUri => new(BaseUri, "api/v3/");

    public EmulatorCounters Counters => _context.Counters;

    /// <summary>
    /// Every secret the emulator has handed out (installation tokens, runner tokens, encoded JIT configs), for
    /// tests that search logs for them. Read-only: a snapshot.
    /// </summary>
    public IReadOnlyList<string> IssuedSecrets => [.. _context.IssuedSecrets];

    public FaultInjector Faults => _context.Faults;

    /// <summary>Raised after each delivery attempt is recorded (on the sender's thread).</summary>
    public event Action<WebhookDeliveryInfo>? DeliveryRecorded;

    /// <summary>Raised on each job transition with the webhook action (under the scheduler's lock: do not block).</summary>
    public event Action<WorkflowJobInfo, string>? JobChanged;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.ConfigureHttpJsonOptions(o => GitHubJson.Configure(o.SerializerOptions));
        var app = builder.Build();
        var pipeline = new ApiPipeline(
            _context.Counters,
            _context.Faults,
            new AppJwtValidator(_context.Options.AppId, _context.Options.AppPublicKey!, _context.Time),
            _context.Tokens,
            new RateLimiter(_context.Time, _context.Options.PrimaryRequestsPerHour, _context.Options.SecondaryPointsPerMinute),
            _context.Time);
        app.UseRouting();
        app.Use(pipeline.InvokeAsync);
        var api = app.MapGroup("/api/v3");
        AppEndpoints.Map(api, _context);
        DeliveryEndpoints.Map(api, _context);
        RunnerEndpoints.Map(api, _context);
        RunnerGroupEndpoints.Map(api, _context);
        ReleaseEndpoints.Map(api, _context);
        JobEndpoints.Map(api, _context);
        RunnerSimulationEndpoints.Map(app, _context);
        await app.StartAsync(cancellationToken);
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUri = new Uri(address.TrimEnd('/') + "/");
        _context.Webhooks.Start();
    }

    public void AddEnterprise(EnterpriseSeed enterprise) => _context.Tenants.AddEnterprise(enterprise);

    public void AddOrganization(OrganizationSeed organization) => _context.Tenants.AddOrganization(organization);

    public void AddRepository(RepositorySeed repository) => _context.Tenants.AddRepository(repository);

    public void AddRunnerRelease(RunnerRelease release) => _context.Versions.Add(release);

    /// <summary>Adds or replaces a runner group at run time (see <see cref="RunnerGroupSeed"/>).</summary>
    public void AddRunnerGroup(RunnerGroupSeed group) => _context.Tenants.AddRunnerGroup(group);

    /// <summary>
    /// Publishes an <c>actions/runner</c> release at run time: from <paramref name="publishedAt"/> on (on the
    /// emulator's clock) it is listed, served as <c>releases/latest</c> and offered by the downloads endpoints when it
    /// is the newest, and it starts the 30-day clock of older runners.
    /// </summary>
    public RunnerRelease PublishRelease(string version, DateTimeOffset publishedAt)
    {
        var release = new RunnerRelease(version, publishedAt);
        _context.Versions.Add(release);
        return release;
    }

    /// <summary>Queues a job (or makes it wait for approval) and hands it to a runner if one is eligible.</summary>
    public WorkflowJobInfo QueueJob(JobRequest request) => _context.Scheduler.Queue(request);

    /// <summary>Approves a <c>waiting</c> job, which then becomes <c>queued</c>.</summary>
    public bool ApproveJob(long jobId) => _context.Scheduler.Approve(jobId);

    /// <summary>Cancels a job that has not completed; it completes with conclusion <c>cancelled</c>.</summary>
    public bool CancelJob(long jobId) => _context.Scheduler.Cancel(jobId);

    public WorkflowJobInfo? GetJob(long jobId) => _context.Scheduler.Find(jobId);

    public IReadOnlyList<WorkflowJobInfo> GetJobs() => _context.Scheduler.All();

    public IReadOnlyList<RunnerInfo> GetRunners()
    {
        lock (_context.Registry.Gate)
        {
            return _context.Registry.All.OrderBy(r => r.Id).Select(r => r.ToInfo()).ToList();
        }
    }

    /// <summary>Every delivery attempt, newest first.</summary>
    public IReadOnlyList<WebhookDeliveryInfo> GetDeliveries() => _context.Deliveries.All();

    public async ValueTask DisposeAsync()
    {
        _context.Scheduler.StopTimers();
        await _context.Webhooks.DisposeAsync();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
