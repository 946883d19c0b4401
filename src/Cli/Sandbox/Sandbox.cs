using System.Security.Cryptography;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Scaler.Cli.Hosting;
using Scaler.Core.Compute;
using Scaler.Emulators.Arm;
using Scaler.Emulators.Arm.Boot;
using Scaler.Emulators.Arm.Throttling;
using Scaler.Emulators.Arm.Timing;
using Scaler.Emulators.GitHub;

namespace Scaler.Cli.Sandbox;

/// <summary>How the local sandbox is set up.</summary>
public sealed class SandboxOptions
{
    public int LinuxMinIdle { get; init; } = 1;

    public int LinuxMaxRunners { get; init; } = 10;

    public int GpuMaxRunners { get; init; } = 2;

    /// <summary>How many linux-x64 VMs whose runner never came online are kept stopped (deallocated) instead of deleted.</summary>
    public int LinuxKeepUnhealthy { get; init; }

    /// <summary>Standby VMs of pool linux-x64 (prepared, deallocated, started for a job).</summary>
    public int LinuxStandbySize { get; init; }

    public TimeSpan ReconcilePeriod { get; init; } = TimeSpan.FromSeconds(3);

    public TimeSpan ProvisioningDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan BootDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan BootTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a new VM may be without its registration; emulated VMs are created in well under a second.</summary>
    public TimeSpan ProvisioningGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a processor holds a job while it provisions; here provisioning takes about a second.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>When a started create (or a standby VM's start) is first read: well within the sandbox's BootTimeout, as 40 s is within 10 minutes in Azure.</summary>
    public TimeSpan CreateWatchDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the runner release new VMs install is cached, so a release published in the emulator is picked up within seconds.</summary>
    public TimeSpan RunnerReleaseCacheFor { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The GitHub emulator's primary rate limit per credential and hour (GitHub's default for an installation is 5,000).</summary>
    public int GitHubRequestsPerHour { get; init; } = 5_000;

    /// <summary>The ARM emulator's timings with spread (such as a compressed Azure profile); null keeps <see cref="ProvisioningDelay"/> and <see cref="BootDelay"/>.</summary>
    public ArmTimingProfile? ArmTiming { get; init; }

    /// <summary>Microsoft.Compute's throttling in the ARM emulator; null (the default) throttles nothing beyond ARM's write budget.</summary>
    public ComputeThrottlingPolicy? ComputeThrottling { get; init; }

    /// <summary>GitHub's secondary limit on concurrent requests in the GitHub emulator; null (the default) sets none.</summary>
    public int? GitHubMaxConcurrentRequests { get; init; }

    /// <summary>Scaler's own pace of JIT registrations per credential and minute (its default: 150, under GitHub's ~180).</summary>
    public int JitConfigsPerMinute { get; init; } = 150;

    /// <summary>The GitHub emulator's secondary points per endpoint and minute (GitHub: 900, so 180 JIT configs a minute).</summary>
    public int GitHubSecondaryPointsPerMinute { get; init; } = 900;

    /// <summary>ARM's write budget refill in the ARM emulator (ARM: 10 a second after a burst of 200).</summary>
    public double ArmWriteRefillPerSecond { get; init; } = 10;

    /// <summary>How long the serve host's queue consumer waits between polls of an empty queue at most (the Functions host: 2 s).</summary>
    public TimeSpan QueueMaxPollingInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How many queue messages the serve host takes at once and processes concurrently (the Functions host's default is 16).</summary>
    public int QueueBatchSize { get; init; } = new JobQueuePumpOptions().BatchSize;

    /// <summary>How long a message taken from the queue stays invisible to other consumers: a crashed consumer's messages reappear after it.</summary>
    public TimeSpan QueueVisibilityTimeout { get; init; } = new JobQueuePumpOptions().VisibilityTimeout;

    /// <summary>Routes the serve host's storage through <see cref="Sandbox.StorageProxy"/>, so a test can cut it like an outage.</summary>
    public bool CuttableStorage { get; init; }

    public Action<ILoggingBuilder>? Logging { get; init; }
}

/// <summary>
/// The whole loop on one machine: Azurite, the GitHub and ARM emulators and <c>scaler serve</c>, wired as
/// they would be in Azure: GitHub's webhooks reach the serve host, Scaler calls the emulators through the
/// real Octokit and Azure SDK clients, and booted VMs bring their runners online at the GitHub emulator.
/// Two pools: <c>linux-x64</c> (Spot, warm minimum) and <c>gpu</c> (regular VMs).
/// </summary>
public sealed class Sandbox : IAsyncDisposable
{
    public const string Organization = "contoso";
    public const long InstallationId = 1001;
    public const string SubscriptionId = "00000000-0000-0000-0000-00000000c0de";
    public const string RunnerVersion = "2.330.0";
    internal const long AppId = 4242;

    private Sandbox(AzuriteProcess azurite, StorageProxy? storageProxy, GitHubEmulator github, ArmEmulator arm, Func<WebApplication> buildServe, RSA appKey)
    {
        Azurite = azurite;
        StorageProxy = storageProxy;
        GitHub = github;
        Arm = arm;
        this.buildServe = buildServe;
        Serve = buildServe();
        this.appKey = appKey;
    }

    private readonly RSA appKey;
    private readonly Func<WebApplication> buildServe;

    public AzuriteProcess Azurite { get; }

    public GitHubEmulator GitHub { get; }

    public ArmEmulator Arm { get; }

    /// <summary>The serve host running now; <see cref="RestartServeAsync"/> replaces it.</summary>
    public WebApplication Serve { get; private set; }

    /// <summary>The cuttable path between the serve host and Azurite, when <see cref="SandboxOptions.CuttableStorage"/> is set.</summary>
    public StorageProxy? StorageProxy { get; }

    /// <summary>Reconcile runs the serve host has finished.</summary>
    public int ReconcileRuns => Serve.Services.GetRequiredService<ReconcileService>().Runs;

    public static string ScaleSetId(string pool) =>
        $"/subscriptions/{SubscriptionId}/resourceGroups/runners/providers/Microsoft.Compute/virtualMachineScaleSets/{pool}";

    public static async Task<Sandbox> StartAsync(SandboxOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var azurite = await AzuriteProcess.StartAsync(cancellationToken);
        var storageProxy = options.CuttableStorage ? await StorageProxy.StartAsync(azurite, cancellationToken) : null;
        var servePort = AzuriteProcess.AnyFreePort();
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var appKey = RSA.Create(2048);
        var github = await StartGitHubAsync(new Uri($"http://127.0.0.1:{servePort}{ServeHost.WebhookRoute}"), secret, appKey, options, cancellationToken);
        var arm = await StartArmAsync(options, github, cancellationToken);

        var settings = SandboxSettings.Create(options, storageProxy?.ConnectionString ?? azurite.ConnectionString, secret, github.BaseUri, arm.BaseUri, AppId, appKey.ExportRSAPrivateKeyPem());
        var armClient = ArmClientFactory.Create(new AzureOptions { ManagementEndpoint = arm.BaseUri }, new EmulatorToken(), new HttpClientTransport(arm.CreateTrustingHandler()));
        WebApplication BuildServe() => ServeHost.Build(
            Hosting.SettingsFile.Load(null, settings),
            new ServeOptions
            {
                Urls = [$"http://127.0.0.1:{servePort}"],
                ReconcilePeriod = options.ReconcilePeriod,
                Queue = new JobQueuePumpOptions
                {
                    MaxPollingInterval = options.QueueMaxPollingInterval,
                    BatchSize = options.QueueBatchSize,
                    VisibilityTimeout = options.QueueVisibilityTimeout,
                },
            },
            services => services.AddSingleton(armClient),
            options.Logging ?? (l => l.SetMinimumLevel(LogLevel.Warning)));
        var sandbox = new Sandbox(azurite, storageProxy, github, arm, BuildServe, appKey);
        await sandbox.Serve.StartAsync(cancellationToken);
        return sandbox;
    }

    /// <summary>
    /// Stops the serve host as a crash would, with no drain: the stop is cancelled before it starts, so in-flight work
    /// is abandoned at its next await and the messages it held stay invisible until their visibility timeout. Then a
    /// new serve host starts on the same port, storage and emulators.
    /// </summary>
    public async Task RestartServeAsync(CancellationToken cancellationToken)
    {
        var crashed = Serve;
        await crashed.StopAsync(new CancellationToken(canceled: true));
        await crashed.DisposeAsync();
        Serve = buildServe();
        await Serve.StartAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Serve.StopAsync();
        await Serve.DisposeAsync();
        await GitHub.DisposeAsync();
        await Arm.DisposeAsync();
        if (StorageProxy is not null)
        {
            await StorageProxy.DisposeAsync();
        }

        await Azurite.DisposeAsync();
        appKey.Dispose();
    }

    /// <summary>
    /// The ARM emulator with the two pools' scale sets; its booted VMs bring their runners online at <paramref name="github"/>,
    /// and its history is numbered from the same sequence as <paramref name="github"/>'s.
    /// </summary>
    internal static async Task<ArmEmulator> StartArmAsync(SandboxOptions options, GitHubEmulator github, CancellationToken cancellationToken)
    {
        var arm = await ArmEmulator.StartAsync(
            new ArmEmulatorOptions
            {
                ProvisioningDelay = options.ProvisioningDelay,
                BootDelay = options.BootDelay,
                Timing = options.ArmTiming,
                ComputeThrottling = options.ComputeThrottling,
                WriteRefillPerSecond = options.ArmWriteRefillPerSecond,
                GuestAgent = new GitHubRunnerAgent(new HttpClient(), github.BaseUri),
                Sequence = github.Sequence,
            },
            cancellationToken);
        arm.AddScaleSet(ScaleSetId("linux-x64"), "westeurope");
        arm.AddScaleSet(ScaleSetId("gpu"), "westeurope");
        return arm;
    }

    internal static async Task<GitHubEmulator> StartGitHubAsync(Uri webhook, string secret, RSA appKey, CancellationToken cancellationToken) =>
        await StartGitHubAsync(webhook, secret, appKey, new SandboxOptions(), cancellationToken);

    internal static async Task<GitHubEmulator> StartGitHubAsync(Uri webhook, string secret, RSA appKey, SandboxOptions sandbox, CancellationToken cancellationToken)
    {
        var publicKey = RSA.Create();
        publicKey.ImportParameters(appKey.ExportParameters(false));
        var options = new GitHubEmulatorOptions
        {
            WebhookUrl = webhook,
            WebhookSecret = secret,
            AppId = AppId,
            AppPublicKey = publicKey,
            PrimaryRequestsPerHour = sandbox.GitHubRequestsPerHour,
            SecondaryPointsPerMinute = sandbox.GitHubSecondaryPointsPerMinute,
            SecondaryMaxConcurrentRequests = sandbox.GitHubMaxConcurrentRequests,
        };
        options.Organizations.Add(new OrganizationSeed(Organization, 5000, InstallationId));
        foreach (var (repository, id) in new[] { ("contoso/api", 6001L), ("contoso/web", 6002L), ("contoso/ml", 6003L) })
        {
            options.Repositories.Add(new RepositorySeed(repository, id));
        }

        options.RunnerReleases.Add(new RunnerRelease(RunnerVersion, DateTimeOffset.UtcNow.AddDays(-5)));
        var github = await GitHubEmulator.StartAsync(options, cancellationToken);
        return github;
    }

    /// <summary>The ARM emulator accepts any bearer token.</summary>
    private sealed class EmulatorToken : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => new("sandbox", DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(GetToken(requestContext, cancellationToken));
    }
}
