using Scaler.Core.Failures;
using Scaler.Core.RunnerUpdates;

namespace Scaler.Core.Tests.Fakes;

/// <summary>Serves every release from <c>https://mirror.example</c> with a SAS-like query; can be set to fail.</summary>
internal sealed class FakePackageMirror : IRunnerPackageMirror
{
    public const string Signature = "sig=c2VjcmV0";

    public List<(string Version, string Platform)> Calls { get; } = [];

    public AdapterException? Failure { get; set; }

    public Task<RunnerRelease> MirrorAsync(RunnerRelease release, string platform, CancellationToken cancellationToken)
    {
        Calls.Add((release.Version, platform));
        if (Failure is not null)
        {
            throw Failure;
        }

        var url = new Uri($"https://mirror.example/runner-packages/{RunnerPackageMirror.BlobName(release.Version, platform)}?sp=r&n={Calls.Count}&{Signature}");
        return Task.FromResult(release with { DownloadUrl = url });
    }
}
