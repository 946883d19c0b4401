using Microsoft.Extensions.Logging.Testing;
using Scaler.Core.Compute;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.Compute;

/// <summary>
/// What <see cref="AzureRunnerVms"/> tells an operator, over the real Azure SDK and an in-memory ARM: each event by
/// name, with the values in its state.
/// </summary>
public sealed class AzureRunnerVmsLogTests : IDisposable
{
    private const string SmallSize = "Standard_D2ads_v5";
    private const string LargeSize = "Standard_D4ads_v5";

    private readonly InMemoryArmHandler arm = new();
    private readonly FakeLogger<AzureRunnerVms> logger = new();
    private readonly AzureRunnerVms vms;

    public AzureRunnerVmsLogTests() => vms = new AzureRunnerVms(ArmTestClient.Create(new Uri("https://arm.test/"), arm), logger);

    [Fact]
    public async Task CreateAsync_FirstSizeOutOfQuota_LogsEachTryTheFallbackAndTheAttemptThatWorked()
    {
        arm.Fail("QuotaExceeded", 409, SmallSize, spot: false);

        await vms.CreateAsync(VmRequests.Of("linux-x64-80", SmallSize, LargeSize), CancellationToken.None);

        var creating = Events("VmCreating");
        Assert.Equal([SmallSize, LargeSize], creating.Select(r => State(r, "Size")));
        Assert.All(creating, r => Assert.Equal(("linux-x64-80", TestSettings.ScaleSetId, "False"), (State(r, "VmName"), State(r, "ScaleSetId"), State(r, "Spot"))));
        var fallback = Assert.Single(Events("VmSizeFallback"));
        Assert.Equal(("linux-x64-80", SmallSize, "QuotaExceeded", LargeSize), (State(fallback, "VmName"), State(fallback, "Size"), State(fallback, "Failure"), State(fallback, "NextSize")));
        Assert.StartsWith("Azure answered 409 QuotaExceeded: ", State(fallback, "Reason"), StringComparison.Ordinal);
        var created = Assert.Single(Events("VmCreated"));
        Assert.Equal(("linux-x64-80", TestSettings.ScaleSetId, LargeSize, "False", "2"), (State(created, "VmName"), State(created, "ScaleSetId"), State(created, "Size"), State(created, "Spot"), State(created, "Attempt")));
    }

    [Fact]
    public async Task CreateAsync_SpotTriesUntilTheSecondSizeAtRegular_CreatedLogsAttemptFour()
    {
        arm.Fail("SkuNotAvailable", 409, SmallSize, spot: true);
        arm.Fail("QuotaExceeded", 409, SmallSize, spot: false);
        arm.Fail("ZonalAllocationFailed", 409, LargeSize, spot: true);

        await vms.CreateAsync(VmRequests.Of("linux-x64-81", SmallSize, LargeSize) with { Spot = true }, CancellationToken.None);

        Assert.Equal(
            [(SmallSize, "True"), (SmallSize, "False"), (LargeSize, "True"), (LargeSize, "False")],
            Events("VmCreating").Select(r => (State(r, "Size"), State(r, "Spot"))));
        var created = Assert.Single(Events("VmCreated"));
        Assert.Equal((LargeSize, "False", "4"), (State(created, "Size"), State(created, "Spot"), State(created, "Attempt")));
    }

    [Fact]
    public async Task CreateAsync_TwoVmsInANewScaleSet_LogsItsLocationOnce()
    {
        await vms.CreateAsync(VmRequests.Of("linux-x64-82", SmallSize), CancellationToken.None);
        await vms.CreateAsync(VmRequests.Of("linux-x64-83", SmallSize), CancellationToken.None);

        var location = Assert.Single(Events("ScaleSetLocationRead"));
        Assert.Equal((TestSettings.ScaleSetId, InMemoryArmHandler.Location), (State(location, "ScaleSetId"), State(location, "Location")));
    }

    [Fact]
    public async Task CreateAsync_VmOfThatNameExists_LogsAlreadyExistsWithItsSizePriorityAndState()
    {
        arm.Seed("linux-x64-84", TestSettings.ScaleSetId, "Creating", LargeSize, spot: true);

        await vms.CreateAsync(VmRequests.Of("linux-x64-84", SmallSize), CancellationToken.None);

        var exists = Assert.Single(Events("VmAlreadyExists"));
        Assert.Equal(
            ("linux-x64-84", TestSettings.ScaleSetId, LargeSize, "True", "Creating"),
            (State(exists, "VmName"), State(exists, "ScaleSetId"), State(exists, "Size"), State(exists, "Spot"), State(exists, "ProvisioningState")));
        Assert.Empty(Events("VmCreating"));
    }

    [Fact]
    public async Task DeleteAsync_VmThere_ReturnsTrueAndLogsDeleted()
    {
        arm.Seed("linux-x64-85", TestSettings.ScaleSetId, "Succeeded");

        var deleted = await vms.DeleteAsync(TestSettings.ScaleSetId, "linux-x64-85", CancellationToken.None);

        Assert.True(deleted);
        var record = Assert.Single(Events("VmDeleted"));
        Assert.Equal(("linux-x64-85", TestSettings.ScaleSetId), (State(record, "VmName"), State(record, "ScaleSetId")));
        Assert.Empty(Events("VmAlreadyGone"));
    }

    [Fact]
    public async Task DeleteAsync_NoVmOfThatName_ReturnsFalseAndLogsAlreadyGone()
    {
        var deleted = await vms.DeleteAsync(TestSettings.ScaleSetId, "linux-x64-86", CancellationToken.None);

        Assert.False(deleted);
        var gone = Assert.Single(Events("VmAlreadyGone"));
        Assert.Equal(("linux-x64-86", TestSettings.ScaleSetId), (State(gone, "VmName"), State(gone, "ScaleSetId")));
        Assert.Empty(Events("VmDeleted"));
    }

    [Fact]
    public async Task KeepAsync_VmThere_ReturnsTrueAndLogsKept()
    {
        arm.Seed("linux-x64-87", TestSettings.ScaleSetId, "Succeeded");

        var kept = await vms.KeepAsync(TestSettings.ScaleSetId, "linux-x64-87", new Dictionary<string, string> { ["scaler-kept"] = "x" }, CancellationToken.None);

        Assert.True(kept);
        var record = Assert.Single(Events("VmKept"));
        Assert.Equal(("linux-x64-87", TestSettings.ScaleSetId), (State(record, "VmName"), State(record, "ScaleSetId")));
        Assert.Empty(Events("VmAlreadyGone"));
    }

    [Fact]
    public async Task KeepAsync_NoVmOfThatName_ReturnsFalseAndLogsAlreadyGone()
    {
        var kept = await vms.KeepAsync(TestSettings.ScaleSetId, "linux-x64-88", new Dictionary<string, string>(), CancellationToken.None);

        Assert.False(kept);
        var gone = Assert.Single(Events("VmAlreadyGone"));
        Assert.Equal(("linux-x64-88", TestSettings.ScaleSetId), (State(gone, "VmName"), State(gone, "ScaleSetId")));
        Assert.Empty(Events("VmKept"));
    }

    private List<FakeLogRecord> Events(string name) => [.. logger.Collector.GetSnapshot().Where(r => r.Id.Name == name)];

    private static string? State(FakeLogRecord record, string key) => record.GetStructuredStateValue(key);

    public void Dispose() => arm.Dispose();
}
