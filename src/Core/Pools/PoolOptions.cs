namespace Scaler.Core.Pools;

/// <summary>One runner pool: a Flexible scale set whose VMs serve jobs with matching labels.</summary>
public sealed class PoolOptions
{
    public const int DefaultMaxRunners = 10;

    /// <summary>Short name; part of VM names, so lower-case letters, digits and hyphens.</summary>
    public string Name { get; set; } = "";

    /// <summary>The runner's labels besides <c>self-hosted</c>, which every pool has.</summary>
    public List<string> Labels { get; set; } = [];

    /// <summary><c>repo</c>, <c>org</c> or <c>enterprise</c>; read through <see cref="RunnerScope"/>.</summary>
    public string Scope { get; set; } = "org";

    /// <summary>The parsed <see cref="Scope"/>; validation has made sure it parses.</summary>
    public RunnerScope RunnerScope => Enum.Parse<RunnerScope>(Scope, ignoreCase: true);

    /// <summary><c>owner/repo</c>, organization login or enterprise slug, depending on <see cref="Scope"/>.</summary>
    public string Owner { get; set; } = "";

    public long RunnerGroupId { get; set; } = 1;

    /// <summary>Full resource id of the pool's Flexible virtual machine scale set.</summary>
    public string ScaleSetId { get; set; } = "";

    /// <summary>Resource id of the subnet the VMs join; they get no public IP.</summary>
    public string SubnetId { get; set; } = "";

    /// <summary>OS disk size in GiB.</summary>
    public int OsDiskSizeGb { get; set; } = 64;

    /// <summary>An SSH public key for the <c>runner</c> user; without it nobody can log in.</summary>
    public string SshPublicKey { get; set; } = "";

    /// <summary>VM sizes in order of preference; the next is tried on quota or SKU errors.</summary>
    public List<string> VmSizes { get; set; } = [];

    /// <summary>Marketplace URN (<c>publisher:offer:sku:version</c>) or image resource id.</summary>
    public string Image { get; set; } = "Canonical:ubuntu-24_04-lts:server:latest";

    public bool Spot { get; set; }

    public int MaxRunners { get; set; } = DefaultMaxRunners;

    public int MinIdle { get; set; }

    /// <summary>Windows with another warm minimum; the largest open one wins over <see cref="MinIdle"/>.</summary>
    public List<WarmSchedule> WarmSchedules { get; set; } = [];

    /// <summary>The warm minimum at <paramref name="now"/>: <see cref="MinIdle"/>, or the largest open schedule's.</summary>
    public int MinIdleAt(DateTimeOffset now) =>
        WarmSchedules.Where(s => s.IsOpen(now)).Select(s => s.MinIdle).DefaultIfEmpty(MinIdle).Max();

    /// <summary>Prepared, stopped VMs kept ready for jobs; see <see cref="StandbyOptions"/>.</summary>
    public StandbyOptions Standby { get; set; } = new();

    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan BootTimeout { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How many VMs whose runner never came online within <see cref="BootTimeout"/> are kept stopped (deallocated,
    /// disk kept) for investigation instead of deleted; 0 deletes them all.
    /// </summary>
    public int KeepUnhealthy { get; set; }

    /// <summary>The packages most jobs on GitHub-hosted Ubuntu rely on; Docker's group is given to the runner user.</summary>
    public static readonly IReadOnlyList<string> DefaultPackages = ["git", "curl", "jq", "docker.io"];

    /// <summary>Debian/Ubuntu packages cloud-init installs at boot; null: <see cref="DefaultPackages"/>; <c>none</c>: nothing.</summary>
    public List<string>? Packages { get; set; }

    /// <summary>The packages to install, after defaults and <c>none</c> are applied.</summary>
    public IReadOnlyList<string> EffectivePackages =>
        Packages is null ? DefaultPackages : [.. Packages.Where(p => p.Length > 0 && p != "none")];

    /// <summary>Re-run, once, a job that failed because its Spot VM was evicted (needs the App's Actions write permission).</summary>
    public bool RerunOnEviction { get; set; }

    /// <summary>Passwordless sudo for the runner user (as on GitHub-hosted runners); off by default.</summary>
    public bool RunnerSudo { get; set; }

    /// <summary>An operator's shell script, run as root before the runner starts (from settings, never from a workflow).</summary>
    public string SetupScript { get; set; } = "";

    /// <summary>Repositories allowed to use the pool: <c>owner/repo</c> or <c>owner/*</c>. Empty: all in scope.</summary>
    public List<string> AllowedRepositories { get; set; } = [];

    /// <summary>
    /// Take jobs of public repositories (and of those whose payload does not say). Off by default: a pull request from
    /// a fork of a public repository can run code on the VM, and GitHub advises against self-hosted runners for them.
    /// </summary>
    public bool AllowPublicRepositories { get; set; }
}
