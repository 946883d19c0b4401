using Scaler.Core.Compute;
using Scaler.Core.Failures;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.Compute;

/// <summary>The one fallback order, as both the waiting create and the create watcher follow it.</summary>
public sealed class VmAttemptTests
{
    private static readonly VmRequest SpotTwoSizes = new()
    {
        ScaleSetId = TestSettings.ScaleSetId,
        Name = "linux-x64-1",
        Sizes = ["Standard_D2ads_v5", "Standard_D4ads_v5"],
        Image = "Canonical:ubuntu-24_04-lts:server:latest",
        Spot = true,
        SubnetId = TestSettings.SubnetId,
        OsDiskSizeGb = 64,
        SshPublicKey = "",
        CustomData = "",
        Tags = new Dictionary<string, string>(),
    };

    [Fact]
    public void After_EveryAttemptOutOfCapacity_GoesSpotRegularPerSizeThenEnds()
    {
        var attempts = new List<VmAttempt>();
        for (var attempt = VmAttempt.First(SpotTwoSizes); attempt is not null; attempt = attempt.After(FailureKind.CapacityUnavailable, SpotTwoSizes))
        {
            attempts.Add(attempt);
        }

        Assert.Equal([new(0, true), new(0, false), new(1, true), new(1, false)], attempts);
    }

    [Theory]
    [InlineData(FailureKind.QuotaExceeded)]
    [InlineData(FailureKind.SkuNotAvailable)]
    public void After_QuotaOrSkuAtSpot_MovesToNextSizeAtSpot(FailureKind failure)
    {
        Assert.Equal(new VmAttempt(1, true), new VmAttempt(0, true).After(failure, SpotTwoSizes));
    }

    [Theory]
    [InlineData(FailureKind.Invalid)]
    [InlineData(FailureKind.Throttled)]
    [InlineData(FailureKind.Transient)]
    [InlineData(FailureKind.Unauthorized)]
    public void After_OtherFailure_EndsTheTries(FailureKind failure)
    {
        Assert.Null(new VmAttempt(0, true).After(failure, SpotTwoSizes));
    }

    [Fact]
    public void After_LastSizeAtRegularOutOfQuota_EndsTheTries()
    {
        Assert.Null(new VmAttempt(1, false).After(FailureKind.QuotaExceeded, SpotTwoSizes));
    }

    [Fact]
    public void First_NoRequest_ThrowsArgumentNullNamingIt()
    {
        Assert.Equal("request", Assert.Throws<ArgumentNullException>(() => VmAttempt.First(null!)).ParamName);
    }

    [Fact]
    public void Size_NoRequest_ThrowsArgumentNullNamingIt()
    {
        Assert.Equal("request", Assert.Throws<ArgumentNullException>(() => new VmAttempt(0, false).Size(null!)).ParamName);
    }

    [Theory]
    [InlineData(FailureKind.CapacityUnavailable)]
    [InlineData(FailureKind.Invalid)]
    public void After_NoRequest_ThrowsArgumentNullNamingIt(FailureKind failure)
    {
        Assert.Equal("request", Assert.Throws<ArgumentNullException>(() => new VmAttempt(0, true).After(failure, null!)).ParamName);
    }
}
