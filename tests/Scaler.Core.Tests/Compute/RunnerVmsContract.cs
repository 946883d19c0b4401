using Scaler.Core.Compute;
using Scaler.Core.Failures;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.Compute;

/// <summary>A failure that a compute backend can be told to give for creates of one size and priority.</summary>
public enum CreateFault
{
    /// <summary>No capacity (AllocationFailed, OverconstrainedAllocationRequest, ...).</summary>
    Capacity,

    /// <summary>The size family's quota is spent (OperationNotAllowed with quota text).</summary>
    Quota,

    /// <summary>The size is not offered (SkuNotAvailable).</summary>
    SkuNotAvailable,
}

/// <summary>
/// What every <see cref="IRunnerVms"/> must do, run against each implementation: <see cref="AzureRunnerVms"/> over an
/// ARM server and the in-memory fake. Backend specifics stay behind the abstract members.
/// </summary>
public abstract class RunnerVmsContract
{
    protected const string ScaleSetId = TestSettings.ScaleSetId;
    protected const string SmallSize = "Standard_D2ads_v5";
    protected const string LargeSize = "Standard_D4ads_v5";
    protected const string CloudInit = "#cloud-config\nruncmd:\n- [echo, hello]\n";

    /// <summary>The implementation under test, on an empty scale set <see cref="ScaleSetId"/>.</summary>
    protected abstract IRunnerVms Vms { get; }

    /// <summary>Every create of <paramref name="size"/> at that priority fails with <paramref name="fault"/> from now on.</summary>
    protected abstract void FailCreates(CreateFault fault, string size, bool spot);

    /// <summary>The next <paramref name="requests"/> requests are answered 429 with <paramref name="retryAfter"/>.</summary>
    protected abstract void Throttle(int requests, TimeSpan retryAfter);

    /// <summary>Whether the backend has the VM stopped and deallocated.</summary>
    protected abstract bool IsDeallocated(string vmName);

    protected static VmRequest Request(string name, bool spot = false, params string[] sizes) =>
        VmRequests.Of(name, sizes.Length == 0 ? [SmallSize] : sizes) with { Spot = spot, CustomData = CloudInit };

    [Fact]
    public async Task CreateAsync_NewName_VmIsListedWithTags()
    {
        var created = await Vms.CreateAsync(Request("linux-x64-42"), CancellationToken.None);

        var listed = await Vms.ListAsync(ScaleSetId, CancellationToken.None);
        Assert.Equal(new VmCreated("linux-x64-42", SmallSize, false), created);
        var vm = Assert.Single(listed);
        Assert.Equal("linux-x64-42", vm.Name);
        Assert.Equal(SmallSize, vm.Size);
        Assert.Equal("linux-x64", vm.Tags["scaler-pool"]);
        Assert.Equal("42", vm.Tags["scaler-job"]);
    }

    [Fact]
    public async Task CreateAsync_SameNameAgain_ReturnsExistingVm()
    {
        await Vms.CreateAsync(Request("linux-x64-43", spot: false, LargeSize), CancellationToken.None);

        var again = await Vms.CreateAsync(Request("linux-x64-43", spot: true, SmallSize), CancellationToken.None);

        Assert.Equal(new VmCreated("linux-x64-43", LargeSize, false), again);
        Assert.Single(await Vms.ListAsync(ScaleSetId, CancellationToken.None));
    }

    [Fact]
    public async Task DeleteAsync_ExistingThenGone_TrueThenFalse()
    {
        await Vms.CreateAsync(Request("linux-x64-44"), CancellationToken.None);

        var first = await Vms.DeleteAsync(ScaleSetId, "linux-x64-44", CancellationToken.None);
        var second = await Vms.DeleteAsync(ScaleSetId, "linux-x64-44", CancellationToken.None);

        Assert.True(first);
        Assert.False(second);
        Assert.Empty(await Vms.ListAsync(ScaleSetId, CancellationToken.None));
    }

    [Fact]
    public async Task CreateAsync_NoSpotCapacity_SameSizeAtRegularPriority()
    {
        FailCreates(CreateFault.Capacity, SmallSize, spot: true);

        var created = await Vms.CreateAsync(Request("linux-x64-45", spot: true, SmallSize, LargeSize), CancellationToken.None);

        Assert.Equal(new VmCreated("linux-x64-45", SmallSize, false), created);
        Assert.False(Assert.Single(await Vms.ListAsync(ScaleSetId, CancellationToken.None)).Spot);
    }

    [Fact]
    public async Task CreateAsync_SpotAvailable_VmIsSpot()
    {
        var created = await Vms.CreateAsync(Request("linux-x64-46", spot: true), CancellationToken.None);

        Assert.True(created.Spot);
        Assert.True(Assert.Single(await Vms.ListAsync(ScaleSetId, CancellationToken.None)).Spot);
    }

    [Fact]
    public async Task CreateAsync_QuotaSpentForFirstSize_NextSize()
    {
        FailCreates(CreateFault.Quota, SmallSize, spot: false);

        var created = await Vms.CreateAsync(Request("linux-x64-47", spot: false, SmallSize, LargeSize), CancellationToken.None);

        Assert.Equal(new VmCreated("linux-x64-47", LargeSize, false), created);
    }

    [Fact]
    public async Task CreateAsync_FirstSizeNotOffered_NextSize()
    {
        FailCreates(CreateFault.SkuNotAvailable, SmallSize, spot: false);

        var created = await Vms.CreateAsync(Request("linux-x64-48", spot: false, SmallSize, LargeSize), CancellationToken.None);

        Assert.Equal(new VmCreated("linux-x64-48", LargeSize, false), created);
        Assert.Equal(LargeSize, Assert.Single(await Vms.ListAsync(ScaleSetId, CancellationToken.None)).Size);
    }

    [Fact]
    public async Task CreateAsync_EverySizeFails_ThrowsLastTypedFailure()
    {
        FailCreates(CreateFault.Quota, SmallSize, spot: false);
        FailCreates(CreateFault.SkuNotAvailable, LargeSize, spot: false);

        var error = await Assert.ThrowsAsync<AdapterException>(
            () => Vms.CreateAsync(Request("linux-x64-49", spot: false, SmallSize, LargeSize), CancellationToken.None));

        Assert.Equal(FailureKind.SkuNotAvailable, error.Kind);
        Assert.Empty(await Vms.ListAsync(ScaleSetId, CancellationToken.None));
    }

    [Fact]
    public async Task CreateAsync_ThrottledOnce_SurfacesOrRetriesAndFinallySucceeds()
    {
        Throttle(1, TimeSpan.FromSeconds(1));

        VmCreated created;
        try
        {
            created = await Vms.CreateAsync(Request("linux-x64-50"), CancellationToken.None);
        }
        catch (AdapterException e) when (e.Kind == FailureKind.Throttled)
        {
            Assert.Equal(TimeSpan.FromSeconds(1), e.RetryAfter);
            created = await Vms.CreateAsync(Request("linux-x64-50"), CancellationToken.None);
        }

        Assert.Equal("linux-x64-50", created.Name);
        Assert.Single(await Vms.ListAsync(ScaleSetId, CancellationToken.None));
    }

    [Fact]
    public async Task ListAsync_Throttled_ThrowsThrottledWithRetryAfter()
    {
        Throttle(100, TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<AdapterException>(() => Vms.ListAsync(ScaleSetId, CancellationToken.None));

        Assert.Equal(FailureKind.Throttled, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
    }

    [Fact]
    public async Task CreateAsync_NoSizes_ThrowsInvalid()
    {
        var request = Request("linux-x64-51") with { Sizes = [] };

        var error = await Assert.ThrowsAsync<AdapterException>(() => Vms.CreateAsync(request, CancellationToken.None));

        Assert.Equal(FailureKind.Invalid, error.Kind);
    }

    [Fact]
    public async Task CreateAsync_CustomDataOver64KbEncoded_ThrowsInvalid()
    {
        var request = Request("linux-x64-52") with { CustomData = "#cloud-config\n" + new string('a', 49 * 1024) };

        var error = await Assert.ThrowsAsync<AdapterException>(() => Vms.CreateAsync(request, CancellationToken.None));

        Assert.Equal(FailureKind.Invalid, error.Kind);
        Assert.Empty(await Vms.ListAsync(ScaleSetId, CancellationToken.None));
    }

    [Fact]
    public async Task KeepAsync_RunningVm_DeallocatesItAndMergesTheTagsIntoItsOwn()
    {
        await Vms.CreateAsync(Request("linux-x64-53"), CancellationToken.None);
        Assert.False(IsDeallocated("linux-x64-53"));
        var tags = new Dictionary<string, string> { ["scaler-kept"] = "2026-11-27T21:12:13.0000000+00:00", ["scaler-kept-reason"] = "runner not online within BootTimeout" };

        var kept = await Vms.KeepAsync(ScaleSetId, "linux-x64-53", tags, CancellationToken.None);

        Assert.True(kept);
        Assert.True(IsDeallocated("linux-x64-53"));
        var vm = Assert.Single(await Vms.ListAsync(ScaleSetId, CancellationToken.None));
        Assert.Equal("linux-x64", vm.Tags["scaler-pool"]);
        Assert.Equal("42", vm.Tags["scaler-job"]);
        Assert.Equal("2026-11-27T21:12:13.0000000+00:00", vm.Tags["scaler-kept"]);
        Assert.Equal("runner not online within BootTimeout", vm.Tags["scaler-kept-reason"]);
    }

    [Fact]
    public async Task KeepAsync_VmAlreadyGone_ReturnsFalse()
    {
        await Vms.CreateAsync(Request("linux-x64-54"), CancellationToken.None);
        await Vms.DeleteAsync(ScaleSetId, "linux-x64-54", CancellationToken.None);

        var kept = await Vms.KeepAsync(ScaleSetId, "linux-x64-54", new Dictionary<string, string> { ["scaler-kept"] = "now" }, CancellationToken.None);

        Assert.False(kept);
        Assert.Empty(await Vms.ListAsync(ScaleSetId, CancellationToken.None));
    }
}
