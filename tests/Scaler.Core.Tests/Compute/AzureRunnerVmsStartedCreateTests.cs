using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Testing;
using Scaler.Core.Compute;
using Scaler.Core.Failures;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.Compute;

/// <summary>
/// <see cref="AzureRunnerVms"/>'s create that a watcher sees through, over the real Azure SDK and an in-memory ARM: what
/// the PUT carries, what it logs, and how the status of a failed VM is read from its instance view.
/// </summary>
public sealed class AzureRunnerVmsStartedCreateTests : IDisposable
{
    private const string ScaleSetId = TestSettings.ScaleSetId;
    private const string SmallSize = "Standard_D2ads_v5";
    private const string LargeSize = "Standard_D4ads_v5";

    private readonly ScriptedArmHandler arm = new(new InMemoryArmHandler());
    private readonly FakeLogger<AzureRunnerVms> logger = new();
    private readonly AzureRunnerVms vms;

    public AzureRunnerVmsStartedCreateTests() =>
        vms = new AzureRunnerVms(ArmTestClient.Create(new Uri("https://arm.test/"), arm), logger);

    [Fact]
    public async Task StartCreateAsync_RequestNull_ThrowsArgumentNullOfRequest()
    {
        var error = await Assert.ThrowsAsync<ArgumentNullException>(() => vms.StartCreateAsync(null!, new VmAttempt(0, false), CancellationToken.None));

        Assert.Equal("request", error.ParamName);
    }

    [Fact]
    public async Task StartCreateAsync_AttemptNull_ThrowsArgumentNullOfAttempt()
    {
        var error = await Assert.ThrowsAsync<ArgumentNullException>(() => vms.StartCreateAsync(Request("linux-x64-1"), null!, CancellationToken.None));

        Assert.Equal("attempt", error.ParamName);
        Assert.Empty(arm.Sent);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task StartCreateAsync_SizeIndexOutsideTheSizes_ThrowsInvalidNamingTheSettingWithoutCallingAzure(int sizeIndex)
    {
        var error = await Assert.ThrowsAsync<AdapterException>(() => vms.StartCreateAsync(Request("linux-x64-2"), new VmAttempt(sizeIndex, false), CancellationToken.None));

        Assert.Equal((AdapterName.Compute, FailureKind.Invalid), (error.Adapter, error.Kind));
        Assert.Equal($"VM linux-x64-2 has no size {sizeIndex} to try: configure Scaler__Pools__N__VmSizes__{sizeIndex}.", error.Message);
        Assert.Empty(arm.Sent);
    }

    [Fact]
    public async Task StartCreateAsync_LastSizeIndex_PutsThatSize()
    {
        Assert.True(await vms.StartCreateAsync(Request("linux-x64-3"), new VmAttempt(1, true), CancellationToken.None));

        var properties = LastPut("linux-x64-3");
        Assert.Equal(LargeSize, properties["hardwareProfile"]!["vmSize"]!.GetValue<string>());
        Assert.Equal("Spot", properties["priority"]!.GetValue<string>());
    }

    [Fact]
    public async Task StartCreateAsync_Accepted_LogsCreateStartedWithSizeAndPriority()
    {
        await vms.StartCreateAsync(Request("linux-x64-4"), new VmAttempt(1, true), CancellationToken.None);

        var started = Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Name == "VmCreateStarted");
        Assert.Equal(1207, started.Id.Id);
        Assert.Equal(
            ("linux-x64-4", ScaleSetId, LargeSize, "True"),
            (started.GetStructuredStateValue("VmName"), started.GetStructuredStateValue("ScaleSetId"), started.GetStructuredStateValue("Size"), started.GetStructuredStateValue("Spot")));
        Assert.Equal($"Azure accepted the create of VM linux-x64-4 in {ScaleSetId}: size {LargeSize}, spot True", started.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n")]
    public async Task StartCreateAsync_SshKeyBlank_VmTrustsAThrowawayRsaKey(string sshKey)
    {
        await vms.StartCreateAsync(Request("linux-x64-5") with { SshPublicKey = sshKey }, new VmAttempt(0, false), CancellationToken.None);

        var key = Assert.Single(PublicKeys("linux-x64-5"))!["keyData"]!.GetValue<string>();
        Assert.StartsWith("ssh-rsa AAAA", key, StringComparison.Ordinal);
        Assert.EndsWith(" scaler-throwaway", key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartCreateAsync_SshKeyInRequest_VmTrustsThatKeyTrimmed()
    {
        const string key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ4Lm6ZnO0q1R3pNq0mD4s0c9yXbY5Vv7nU2k8H3fW1x ops@contoso";

        await vms.StartCreateAsync(Request("linux-x64-6") with { SshPublicKey = "  " + key + "\n" }, new VmAttempt(0, false), CancellationToken.None);

        Assert.Equal(key, Assert.Single(PublicKeys("linux-x64-6"))!["keyData"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetCreateStatusAsync_SeveralStatuses_ReadsTheFirstFailedOnesCodeAndMessage()
    {
        arm.Arm.Seed("linux-x64-7", ScaleSetId, "Failed", LargeSize);
        arm.InstanceView(
            "linux-x64-7",
            ("PowerState/deallocated", "VM deallocated", "Stopped."),
            ("ProvisioningState/failed/AllocationFailed", "Provisioning failed", "Allocation failed: no room for the size."),
            ("ProvisioningState/failed/InternalError", "Provisioning failed", "Something else."));

        var status = await vms.GetCreateStatusAsync(ScaleSetId, "linux-x64-7", CancellationToken.None);

        Assert.Equal(
            new VmCreateStatus(VmCreateState.Failed, LargeSize, false, FailureKind.CapacityUnavailable, "AllocationFailed: Allocation failed: no room for the size."),
            status);
    }

    [Fact]
    public async Task GetCreateStatusAsync_FailedStatusWithoutMessage_ReadsItsDisplayStatus()
    {
        arm.Arm.Seed("linux-x64-8", ScaleSetId, "Failed");
        arm.InstanceView("linux-x64-8", ("ProvisioningState/failed/SkuNotAvailable", "Provisioning failed", null));

        var status = await vms.GetCreateStatusAsync(ScaleSetId, "linux-x64-8", CancellationToken.None);

        Assert.Equal((FailureKind.SkuNotAvailable, "SkuNotAvailable: Provisioning failed"), (status.Failure, status.FailureMessage));
    }

    [Fact]
    public async Task GetCreateStatusAsync_FailedStatusWithoutMessageOrDisplayStatus_SaysProvisioningFailed()
    {
        arm.Arm.Seed("linux-x64-9", ScaleSetId, "Failed", spot: true);
        arm.InstanceView("linux-x64-9", ("ProvisioningState/failed/SkuNotAvailable", null, null));

        var status = await vms.GetCreateStatusAsync(ScaleSetId, "linux-x64-9", CancellationToken.None);

        Assert.Equal(
            new VmCreateStatus(VmCreateState.Failed, SmallSize, true, FailureKind.CapacityUnavailable, "SkuNotAvailable: provisioning failed"),
            status);
    }

    [Fact]
    public async Task GetCreateStatusAsync_NoFailedStatus_TransientWithoutACode()
    {
        arm.Arm.Seed("linux-x64-10", ScaleSetId, "Failed");
        arm.InstanceView("linux-x64-10", ("ProvisioningState/failed", "Provisioning failed", "Bare."), ("PowerState/stopped", "VM stopped", null));

        var status = await vms.GetCreateStatusAsync(ScaleSetId, "linux-x64-10", CancellationToken.None);

        Assert.Equal(new VmCreateStatus(VmCreateState.Failed, SmallSize, false, FailureKind.Transient, "provisioning failed"), status);
    }

    [Fact]
    public async Task GetCreateStatusAsync_InstanceViewAnswers404_TransientWithoutACode()
    {
        arm.Arm.Seed("linux-x64-11", ScaleSetId, "Failed");
        arm.GoneOn("linux-x64-11", "instanceView");

        var status = await vms.GetCreateStatusAsync(ScaleSetId, "linux-x64-11", CancellationToken.None);

        Assert.Equal(new VmCreateStatus(VmCreateState.Failed, SmallSize, false, FailureKind.Transient, "provisioning failed"), status);
    }

    private static VmRequest Request(string name) => VmRequests.Of(name, SmallSize, LargeSize) with { Spot = true };

    private JsonNode LastPut(string name) => arm.Arm.Puts.Last(p => p.Name == name).Body["properties"]!;

    private JsonArray PublicKeys(string name) => LastPut(name)["osProfile"]!["linuxConfiguration"]!["ssh"]!["publicKeys"]!.AsArray();

    public void Dispose() => arm.Dispose();
}
