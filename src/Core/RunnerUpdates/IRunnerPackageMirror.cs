using Scaler.Core.Failures;

namespace Scaler.Core.RunnerUpdates;

/// <summary>A copy of the runner package in the app's storage account, for VMs that cannot reach github.com.</summary>
public interface IRunnerPackageMirror
{
    /// <summary>
    /// <paramref name="release"/> with a short-lived, read-only URL of its copy for <paramref name="platform"/>
    /// (such as <c>linux-x64</c>), copied from its download URL first when missing. Throws an
    /// <see cref="AdapterException"/> of <see cref="AdapterName.Blob"/> when the package cannot be copied or signed.
    /// </summary>
    Task<RunnerRelease> MirrorAsync(RunnerRelease release, string platform, CancellationToken cancellationToken);
}

/// <summary>With <see cref="RunnerUpdateOptions.Mirror"/> off: nothing is copied, so no Blob service needs to be configured.</summary>
internal sealed class NoRunnerPackageMirror : IRunnerPackageMirror
{
    public Task<RunnerRelease> MirrorAsync(RunnerRelease release, string platform, CancellationToken cancellationToken) => Task.FromResult(release);
}
