using System.Globalization;
using Scaler.Emulators.Arm.Faults;
using Scaler.Emulators.Common;
using Scaler.Emulators.GitHub.Faults;

namespace Scaler.Cli.Tests.Soak;

/// <summary>
/// The faults a soak runs under, all through the emulators' fault API. Rates (<see cref="Inject"/>): 10 % of GitHub
/// calls answer 502 and 5 % a secondary rate limit; 10 % of ARM writes and lists are throttled and 10 % answer 500;
/// 5 % of webhooks are lost, 10 % duplicated, 5 % reordered. Per job (<see cref="OnJobQueued"/>): 5 % owe a VM that
/// never boots, 5 % of <c>linux-x64</c> jobs a Spot allocation failure and 5 % a Spot eviction, paid by
/// <see cref="TryEvictAsync"/>, every other one of a VM running a job. <see cref="FaultSoak"/> adds the one-off faults:
/// a quota window, a storage outage and a crash of the serve host.
/// </summary>
internal sealed class SoakFaults(Sandbox.Sandbox sandbox, int seed)
{
    public const double GitHubErrorRate = 0.10;
    public const double GitHubThrottleRate = 0.05;
    public const double ArmThrottleRate = 0.10;
    public const double ArmErrorRate = 0.10;
    public const double WebhookDropRate = 0.05;
    public const double WebhookDuplicateRate = 0.10;
    public const double WebhookReorderRate = 0.05;
    public const double BootFailureRate = 0.05;
    public const double SpotAllocationFailureRate = 0.05;
    public const double EvictionRate = 0.05;

    /// <summary>The linux-x64 pool's first size (its second passes) and the gpu pool's only size, refused for a while.</summary>
    public static readonly string[] QuotaSizes = ["Standard_D2ads_v5", "Standard_NC4as_T4_v3"];

    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>Every endpoint Scaler calls.</summary>
    private static readonly GitHubEndpoint[] Endpoints =
    [
        new("POST", "/orgs/{org}/actions/runners/generate-jitconfig"),
        new("GET", "/orgs/{org}/actions/runners"),
        new("DELETE", "/orgs/{org}/actions/runners/{runner_id}"),
        new("GET", "/orgs/{org}/actions/runners/downloads"),
        new("GET", "/orgs/{org}/actions/runner-groups/{group_id}"),
        new("GET", "/orgs/{org}/installation"),
        new("GET", "/repos/{owner}/{repo}/actions/jobs/{job_id}"),
        new("POST", "/repos/{owner}/{repo}/actions/jobs/{job_id}/rerun"),
        new("POST", "/app/installations/{installation_id}/access_tokens"),
        new("GET", "/app/hook/deliveries"),
        new("POST", "/app/hook/deliveries/{delivery_id}/attempts"),
    ];

    private readonly Random random = new(seed);
    private int bootFailuresAdded;
    private int spotFailuresAdded;
    private bool cleared;
    private int evictedMidJob;
    private int evictedBeforeJob;
    private int bootFailuresLeft;
    private int spotFailuresLeft;

    public int Evicted => evictedMidJob + evictedBeforeJob;

    /// <summary>Evictions the jobs drew; more than <see cref="Evicted"/> when no Spot VM was there to evict before the faults stopped.</summary>
    public int EvictionsDrawn { get; private set; }

    public int StorageOutages { get; set; }

    public int ServeRestarts { get; set; }

    public void Inject()
    {
        var github = sandbox.GitHub.Faults;
        foreach (var endpoint in Endpoints)
        {
            github.Inject(endpoint, FaultRule.Error(502) with { Rate = GitHubErrorRate });
            github.Inject(endpoint, FaultRule.Throttle(RetryAfter) with { Rate = GitHubThrottleRate });
        }

        github.WebhookFault = new WebhookFault { DropRate = WebhookDropRate, DuplicateRate = WebhookDuplicateRate, ReorderRate = WebhookReorderRate };

        var arm = sandbox.Arm.Faults;
        foreach (var kind in new[] { ArmOperationKind.CreateOrUpdateVirtualMachine, ArmOperationKind.DeleteVirtualMachine, ArmOperationKind.ListVirtualMachines })
        {
            arm.Inject(kind, FaultRule.Throttle(RetryAfter) with { Rate = ArmThrottleRate });
            arm.Inject(kind, FaultRule.Error(500) with { Rate = ArmErrorRate });
        }
    }

    /// <summary>Draws the per-job faults of one job just queued.</summary>
    public void OnJobQueued(bool spotPool)
    {
        if (random.NextDouble() < BootFailureRate)
        {
            sandbox.Arm.Faults.AddBootFailures(1);
            bootFailuresAdded++;
        }

        if (spotPool && random.NextDouble() < SpotAllocationFailureRate)
        {
            sandbox.Arm.Faults.AddSpotAllocationFailures(1);
            spotFailuresAdded++;
        }

        if (spotPool && random.NextDouble() < EvictionRate)
        {
            EvictionsDrawn++;
        }
    }

    /// <summary>
    /// Pays one owed eviction if there is a Spot VM to evict, as Azure would: alternately one whose runner is running a
    /// job (the job fails mid-run) and one whose runner is not (booting, or idle before it took a job).
    /// </summary>
    public async Task TryEvictAsync(CancellationToken cancellationToken)
    {
        if (cleared || Evicted >= EvictionsDrawn)
        {
            return;
        }

        var midJob = Evicted % 2 == 0;
        var busy = sandbox.GitHub.GetRunners().Where(r => r.Busy).Select(r => r.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var candidates = sandbox.Arm.VirtualMachines
            .Where(v => v.Priority == "Spot" && v.Name.StartsWith("linux-x64-", StringComparison.Ordinal) && busy.Contains(v.Name) == midJob)
            .ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        try
        {
            await sandbox.Arm.EvictAsync(candidates[random.Next(candidates.Count)].Name, cancellationToken);
            if (midJob)
            {
                evictedMidJob++;
            }
            else
            {
                evictedBeforeJob++;
            }
        }
        catch (InvalidOperationException)
        {
            // Deleted between the look and the eviction: nothing to evict; the next tick tries again.
        }
    }

    /// <summary>Stops every fault; what was added and not yet applied is noted first, so the counts are what happened.</summary>
    public void Clear()
    {
        bootFailuresLeft = sandbox.Arm.Faults.PendingBootFailures;
        spotFailuresLeft = sandbox.Arm.Faults.PendingSpotAllocationFailures;
        sandbox.GitHub.Faults.ClearAll();
        sandbox.Arm.Faults.ClearAll();
        cleared = true;
    }

    /// <summary>How many of each fault the run applied, by name, as the emulators counted them.</summary>
    public IReadOnlyList<(string Name, long Count)> Applied()
    {
        var github = sandbox.GitHub.Counters;
        var arm = sandbox.Arm.Counters;
        return
        [
            ("github_5xx", github.AllCalls.Keys.Sum(github.InjectedErrors)),
            ("github_429", github.AllCalls.Keys.Sum(github.Throttled)),
            ("arm_5xx", arm.AllCalls.Keys.Sum(arm.InjectedErrors)),
            ("arm_429", arm.AllCalls.Keys.Sum(arm.Throttled)),
            ("quota", sandbox.Arm.Faults.QuotaRefusals),
            ("spot_capacity", spotFailuresAdded - spotFailuresLeft),
            ("evicted_mid_job", evictedMidJob),
            ("evicted_before_job", evictedBeforeJob),
            ("boot_failures", bootFailuresAdded - bootFailuresLeft),
            ("webhooks_dropped", github.WebhooksDropped),
            ("webhooks_duplicated", github.WebhooksDuplicated),
            ("webhooks_reordered", github.WebhooksReordered),
            ("storage_outages", StorageOutages),
            ("serve_restarts", ServeRestarts),
        ];
    }

    public static string Format(IEnumerable<(string Name, long Count)> counts) =>
        string.Join(' ', counts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Name}={c.Count}")));
}
