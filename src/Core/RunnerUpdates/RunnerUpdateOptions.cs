namespace Scaler.Core.RunnerUpdates;

/// <summary>
/// The <c>Scaler:RunnerUpdates</c> settings: when new VMs move to a newer <c>actions/runner</c> release.
/// GitHub stops sending jobs to a runner 30 days after a newer release came out; see <see cref="RunnerReleasePolicy"/>.
/// </summary>
public sealed class RunnerUpdateOptions
{
    public const string Section = "Scaler:RunnerUpdates";

    /// <summary>How old a release must be before new VMs install it; zero installs every release at once.</summary>
    public TimeSpan Soak { get; set; } = TimeSpan.Zero;

    /// <summary>How long before an older release's 30-day deadline new VMs move to the newest release, soaked or not.</summary>
    public TimeSpan Margin { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long the release chosen for a scope and architecture is kept before GitHub is asked again.</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Whether new VMs download the runner package from a copy in the app's storage account (container
    /// <see cref="RunnerPackageMirror.ContainerName"/>, through a read-only SAS URL) instead of from github.com.
    /// </summary>
    public bool Mirror { get; set; }
}
