using Scaler.Core.GitHub;
using Scaler.Core.RunnerUpdates;

namespace Scaler.Core.Tests.RunnerUpdates;

public class RunnerReleasePolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);
    private static readonly RunnerReleaseInfo A = new("2.330.0", T0);
    private static readonly RunnerReleaseInfo B = new("2.331.0", T0.AddDays(10));
    private static readonly RunnerReleaseInfo C = new("2.332.0", T0.AddDays(20));
    private static readonly RunnerReleaseInfo[] Releases = [B, A, C];

    [Fact]
    public void Choose_NoSoak_ChoosesTheNewestAtOnce()
    {
        Assert.Same(C, RunnerReleasePolicy.Choose(Releases, C.PublishedAt, TimeSpan.Zero, TimeSpan.FromDays(7)));
    }

    [Fact]
    public void Choose_NewestStillSoaking_ChoosesTheNewestSoakedRelease()
    {
        var soak = TimeSpan.FromDays(3);

        var justBefore = RunnerReleasePolicy.Choose(Releases, C.PublishedAt + soak - Tick, soak, TimeSpan.FromDays(7));
        var atSoakEnd = RunnerReleasePolicy.Choose(Releases, C.PublishedAt + soak, soak, TimeSpan.FromDays(7));

        Assert.Same(B, justBefore);
        Assert.Same(C, atSoakEnd);
    }

    [Fact]
    public void Choose_NothingSoakedYet_ChoosesTheNewest()
    {
        Assert.Same(A, RunnerReleasePolicy.Choose([A], T0.AddHours(1), TimeSpan.FromDays(3), TimeSpan.FromDays(7)));
    }

    [Fact]
    public void Choose_ReleaseNotYetPublished_IsIgnored()
    {
        var future = new RunnerReleaseInfo("2.333.0", T0.AddDays(40));

        Assert.Same(C, RunnerReleasePolicy.Choose([.. Releases, future], T0.AddDays(39), TimeSpan.Zero, TimeSpan.FromDays(7)));
        Assert.Null(RunnerReleasePolicy.Choose([future], T0, TimeSpan.Zero, TimeSpan.FromDays(7)));
    }

    [Fact]
    public void Choose_SoakedReleaseReachesDeadlineMinusMargin_ChoosesTheNewest()
    {
        // A's deadline is B's publication + 30 days (T0 + 40 d); with a 7-day margin the switch is at T0 + 33 d,
        // while B (25-day soak) would only be soaked at T0 + 35 d.
        var soak = TimeSpan.FromDays(25);
        var margin = TimeSpan.FromDays(7);

        var justBefore = RunnerReleasePolicy.Choose([A, B], T0.AddDays(33) - Tick, soak, margin);
        var atMargin = RunnerReleasePolicy.Choose([A, B], T0.AddDays(33), soak, margin);

        Assert.Same(A, justBefore);
        Assert.Same(B, atMargin);
    }

    [Fact]
    public void Choose_DeadlineCountsFromTheFirstNewerRelease_NotTheNewest()
    {
        // Only A is soaked (29 days); its deadline counts from B (T0 + 40 d), not from C (T0 + 50 d).
        var soak = TimeSpan.FromDays(29);
        var margin = TimeSpan.FromDays(7);

        var justBefore = RunnerReleasePolicy.Choose(Releases, T0.AddDays(33) - Tick, soak, margin);
        var atMargin = RunnerReleasePolicy.Choose(Releases, T0.AddDays(33), soak, margin);

        Assert.Same(A, justBefore);
        Assert.Same(C, atMargin);
    }

    [Fact]
    public void Deadline_OlderVersion_IsThirtyDaysAfterTheFirstNewerRelease()
    {
        Assert.Equal(B.PublishedAt.AddDays(30), RunnerReleasePolicy.Deadline("2.330.0", Releases));
        Assert.Equal(B.PublishedAt.AddDays(30), RunnerReleasePolicy.Deadline("2.329.5", [C, B]));
        Assert.Equal(C.PublishedAt.AddDays(30), RunnerReleasePolicy.Deadline("2.331.0", Releases));
    }

    [Fact]
    public void Deadline_NewerReleasesPublishedOutOfOrder_CountsFromTheEarliestPublication()
    {
        var late = new RunnerReleaseInfo("2.331.0", T0.AddDays(10));
        var early = new RunnerReleaseInfo("2.332.0", T0.AddDays(5));

        Assert.Equal(T0.AddDays(35), RunnerReleasePolicy.Deadline("2.330.0", [late, early]));
    }

    [Theory]
    [InlineData("2.332.0")]
    [InlineData("2.400.0")]
    [InlineData(null)]
    [InlineData("not-a-version")]
    public void Deadline_NewestOrUnreadableVersion_IsNone(string? version)
    {
        Assert.Null(RunnerReleasePolicy.Deadline(version, Releases));
    }

    [Fact]
    public void Choose_OnlyUnreadableVersions_IsNone()
    {
        Assert.Null(RunnerReleasePolicy.Choose([new RunnerReleaseInfo("not-a-version", T0)], T0.AddDays(1), TimeSpan.Zero, TimeSpan.FromDays(7)));
    }

    [Fact]
    public void Published_SkipsUnreadableAndFutureReleases_NewestVersionFirst()
    {
        var unreadable = new RunnerReleaseInfo("latest", T0);
        var future = new RunnerReleaseInfo("2.333.0", T0.AddDays(40));

        var published = RunnerReleasePolicy.Published([A, unreadable, C, future, B], C.PublishedAt);

        Assert.Equal([C, B, A], published);
    }

    [Fact]
    public void FirstNewer_SameVersion_IsTheNextOneUp()
    {
        Assert.Same(C, RunnerReleasePolicy.FirstNewer("2.331.0", Releases));
        Assert.Null(RunnerReleasePolicy.FirstNewer("2.332.0", Releases));
    }

    [Theory]
    [InlineData("2.330.0")]
    [InlineData("not-a-version")]
    public void FirstNewer_NullReleases_ThrowsWhateverTheVersion(string version)
    {
        Assert.Equal("releases", Assert.Throws<ArgumentNullException>(() => RunnerReleasePolicy.FirstNewer(version, null!)).ParamName);
    }

    [Fact]
    public void Published_NullReleases_ThrowsNamingTheArgument()
    {
        Assert.Equal("releases", Assert.Throws<ArgumentNullException>(() => RunnerReleasePolicy.Published(null!, T0)).ParamName);
        Assert.Equal("releases", Assert.Throws<ArgumentNullException>(() => RunnerReleasePolicy.Choose(null!, T0, TimeSpan.Zero, TimeSpan.Zero)).ParamName);
    }
}
