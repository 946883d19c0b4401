using Scaler.Core.GitHub;

namespace Scaler.Core.Tests.GitHub;

public class RunnerReleaseNotesTests
{
    private static readonly string X64 = new('1', 64);
    private static readonly string Arm64 = new('2', 64);

    // Shaped like actions/runner's releaseNote.md once the release workflow has filled it in.
    private static readonly string Body = $"""
        ## What's Changed
        * Bump dotnet SDK (commit {new string('f', 64)}) by @someone in https://github.com/actions/runner/pull/1

        ## SHA-256 Checksums

        The SHA-256 checksums for the packages included in this build are shown below:

        - actions-runner-win-x64-2.330.0.zip <!-- BEGIN SHA win-x64 -->{new string('3', 64)}<!-- END SHA win-x64 -->
        - actions-runner-linux-x64-2.330.0.tar.gz <!-- BEGIN SHA linux-x64 -->{X64}<!-- END SHA linux-x64 -->
        - actions-runner-linux-arm64-2.330.0.tar.gz <!-- BEGIN SHA linux-arm64 -->{Arm64.ToUpperInvariant()}<!-- END SHA linux-arm64 -->

        - actions-runner-linux-x64-2.330.0-noexternals.tar.gz <!-- BEGIN SHA linux-x64_noexternals -->{new string('4', 64)}<!-- END SHA linux-x64_noexternals -->
        """;

    [Fact]
    public void Checksums_ReleaseBody_ReadsEachPlatformBetweenItsMarkers()
    {
        var checksums = RunnerReleaseNotes.Checksums(Body);

        Assert.Equal(X64, checksums["linux-x64"]);
        Assert.Equal(Arm64, checksums["linux-arm64"]);
        Assert.Equal(new string('4', 64), checksums["linux-x64_noexternals"]);
        Assert.Equal(4, checksums.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no checksums here")]
    [InlineData("<!-- BEGIN SHA linux-x64 -->abc<!-- END SHA linux-x64 -->")]
    [InlineData("<!-- BEGIN SHA linux-x64 -->1111111111111111111111111111111111111111111111111111111111111111<!-- END SHA linux-arm64 -->")]
    public void Checksums_NoWellFormedMarkers_ReadsNothing(string? body)
    {
        Assert.Empty(RunnerReleaseNotes.Checksums(body));
    }
}
