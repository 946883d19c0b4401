using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Testing;
using Scaler.Core.Compute;
using Scaler.Core.Failures;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.Compute;

/// <summary>
/// <see cref="RunnerVmsContract"/> for <see cref="AzureRunnerVms"/> over the real Azure SDK and an in-memory ARM, plus
/// checks of what reached ARM: the VM's shape, network, priority, tags and customData.
/// </summary>
public sealed class AzureRunnerVmsTests : RunnerVmsContract, IDisposable
{
    private readonly InMemoryArmHandler arm = new();
    private readonly FakeLogger<AzureRunnerVms> logger = new();
    private readonly AzureRunnerVms vms;

    public AzureRunnerVmsTests()
    {
        var client = ArmTestClient.Create(new Uri("https://arm.test/"), arm);
        vms = new AzureRunnerVms(client, logger);
    }

    protected override IRunnerVms Vms => vms;

    protected override void FailCreates(CreateFault fault, string size, bool spot)
    {
        var (code, status) = fault switch
        {
            CreateFault.Capacity => ("OverconstrainedAllocationRequest", 409),
            CreateFault.Quota => ("OperationNotAllowed", 409),
            _ => ("SkuNotAvailable", 409),
        };
        arm.Fail(code, status, size, spot);
    }

    protected override void Throttle(int requests, TimeSpan retryAfter) => arm.Throttle(requests, retryAfter);

    protected override bool IsDeallocated(string vmName) => arm.Deallocated.ContainsKey(vmName);

    [Fact]
    public async Task CreateAsync_Always_VmHasNoPublicIpAndJoinsPoolSubnet()
    {
        await vms.CreateAsync(Request("linux-x64-60"), CancellationToken.None);

        var properties = LastPut("linux-x64-60");
        var network = properties["networkProfile"]!;
        Assert.Equal("2020-11-01", network["networkApiVersion"]!.GetValue<string>());
        var nic = Assert.Single(network["networkInterfaceConfigurations"]!.AsArray())!;
        Assert.Equal("Delete", nic["properties"]!["deleteOption"]!.GetValue<string>());
        var ip = Assert.Single(nic["properties"]!["ipConfigurations"]!.AsArray())!;
        Assert.Equal(TestSettings.SubnetId, ip["properties"]!["subnet"]!["id"]!.GetValue<string>());
        Assert.Null(ip["properties"]!["publicIPAddressConfiguration"]);
        Assert.DoesNotContain("publicIPAddress", properties.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CreateAsync_Always_VmHasNoManagedIdentity()
    {
        // A job runs code from the repository: a VM identity would hand it a token for Azure.
        await vms.CreateAsync(Request("linux-x64-65"), CancellationToken.None);

        var body = Puts("linux-x64-65")[^1];
        Assert.Null(body["identity"]);
        Assert.DoesNotContain("identity", body.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CreateAsync_Always_VmInScaleSetWithDiskOfTheRequestDeletedWithIt()
    {
        await vms.CreateAsync(Request("linux-x64-61") with { OsDiskSizeGb = 96 }, CancellationToken.None);

        var properties = LastPut("linux-x64-61");
        Assert.Equal(ScaleSetId, properties["virtualMachineScaleSet"]!["id"]!.GetValue<string>());
        var disk = properties["storageProfile"]!["osDisk"]!;
        Assert.Equal(96, disk["diskSizeGB"]!.GetValue<int>());
        Assert.Equal("Delete", disk["deleteOption"]!.GetValue<string>());
        var image = properties["storageProfile"]!["imageReference"]!;
        Assert.Equal("Canonical", image["publisher"]!.GetValue<string>());
        Assert.Equal("ubuntu-24_04-lts", image["offer"]!.GetValue<string>());
        Assert.Equal(InMemoryArmHandler.Location, Puts("linux-x64-61")[^1]["location"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateAsync_Spot_SpotWithDeleteEvictionAndNoPriceCap()
    {
        await vms.CreateAsync(Request("linux-x64-62", spot: true), CancellationToken.None);

        var properties = LastPut("linux-x64-62");
        Assert.Equal("Spot", properties["priority"]!.GetValue<string>());
        Assert.Equal("Delete", properties["evictionPolicy"]!.GetValue<string>());
        Assert.Equal(-1, properties["billingProfile"]!["maxPrice"]!.GetValue<double>());
    }

    [Fact]
    public async Task CreateAsync_Always_CustomDataDecodesToCloudInitAndTagsArePut()
    {
        await vms.CreateAsync(Request("linux-x64-63"), CancellationToken.None);

        var body = Puts("linux-x64-63")[^1];
        var os = body["properties"]!["osProfile"]!;
        Assert.Equal(CloudInit, Encoding.UTF8.GetString(Convert.FromBase64String(os["customData"]!.GetValue<string>())));
        Assert.Equal("runner", os["adminUsername"]!.GetValue<string>());
        Assert.Equal("linux-x64-63", os["computerName"]!.GetValue<string>());
        Assert.True(os["linuxConfiguration"]!["disablePasswordAuthentication"]!.GetValue<bool>());
        var key = Assert.Single(os["linuxConfiguration"]!["ssh"]!["publicKeys"]!.AsArray())!;
        Assert.StartsWith("ssh-rsa AAAA", key["keyData"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("linux-x64", body["tags"]!["scaler-pool"]!.GetValue<string>());
        Assert.Equal("42", body["tags"]!["scaler-job"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateAsync_SpotFallback_LogsReasonAndNeverCustomData()
    {
        FailCreates(CreateFault.Capacity, SmallSize, spot: true);

        await vms.CreateAsync(Request("linux-x64-64", spot: true), CancellationToken.None);

        var fallback = Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Id == 1203);
        Assert.Contains("OverconstrainedAllocationRequest", fallback.Message, StringComparison.Ordinal);
        Assert.All(logger.Collector.GetSnapshot(), r => Assert.DoesNotContain("cloud-config", r.Message, StringComparison.Ordinal));
        Assert.Equal([true, false], Puts("linux-x64-64").Select(p => p["properties"]!["priority"]!.GetValue<string>() == "Spot"));
    }

    [Fact]
    public async Task CreateAsync_SshKeyInRequest_VmTrustsThatKey()
    {
        const string key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ4Lm6ZnO0q1R3pNq0mD4s0c9yXbY5Vv7nU2k8H3fW1x ops@contoso";

        await vms.CreateAsync(Request("linux-x64-65") with { SshPublicKey = key + "\n" }, CancellationToken.None);

        var keys = LastPut("linux-x64-65")["osProfile"]!["linuxConfiguration"]!["ssh"]!["publicKeys"]!.AsArray();
        Assert.Equal(key, Assert.Single(keys)!["keyData"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("")]
    [InlineData("/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/network/providers/Microsoft.Network/virtualNetworks/runners")]
    public async Task CreateAsync_SubnetNotASubnetId_ThrowsInvalidWithoutCallingAzure(string subnetId)
    {
        var request = Request("linux-x64-66") with { SubnetId = subnetId };

        var error = await Assert.ThrowsAsync<AdapterException>(() => vms.CreateAsync(request, CancellationToken.None));

        Assert.Equal((AdapterName.Compute, FailureKind.Invalid), (error.Adapter, error.Kind));
        Assert.Equal(0, arm.Requests);
    }

    [Theory]
    [InlineData("ZonalAllocationFailed", 409, FailureKind.CapacityUnavailable)]
    [InlineData("QuotaExceeded", 409, FailureKind.QuotaExceeded)]
    [InlineData("OperationNotAllowed", 409, FailureKind.QuotaExceeded)]
    [InlineData("SkuNotAvailable", 409, FailureKind.SkuNotAvailable)]
    [InlineData("AuthorizationFailed", 403, FailureKind.Unauthorized)]
    [InlineData("InvalidParameter", 400, FailureKind.Invalid)]
    [InlineData("InternalServerError", 500, FailureKind.Transient)]
    public async Task CreateAsync_ArmRefusesTheOnlySize_ThrowsItsKindWithAzuresAnswer(string code, int status, FailureKind expected)
    {
        arm.Fail(code, status, SmallSize, spot: false);

        var error = await Assert.ThrowsAsync<AdapterException>(() => vms.CreateAsync(Request("linux-x64-67"), CancellationToken.None));

        Assert.Equal((AdapterName.Compute, expected), (error.Adapter, error.Kind));
        Assert.Equal(expected == FailureKind.Transient, error.IsTransient);
        Assert.Contains(code, error.Message, StringComparison.Ordinal);
        Assert.IsType<Azure.RequestFailedException>(error.InnerException);
        var failed = Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Id == 1205);
        Assert.Contains(expected.ToString(), failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteAsync_ArmThrottles_ThrowsThrottledWithRetryAfterOfTheResponse()
    {
        await vms.CreateAsync(Request("linux-x64-68"), CancellationToken.None);
        arm.Throttle(10, TimeSpan.FromSeconds(17));

        var error = await Assert.ThrowsAsync<AdapterException>(() => vms.DeleteAsync(ScaleSetId, "linux-x64-68", CancellationToken.None));

        Assert.Equal((AdapterName.Compute, FailureKind.Throttled, TimeSpan.FromSeconds(17)), (error.Adapter, error.Kind, error.RetryAfter));
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task CreateAsync_FailedLeftoverOfAnEarlierAttempt_IsDeletedAndMadeAfresh()
    {
        arm.Seed("linux-x64-70", ScaleSetId, "Failed");

        var created = await vms.CreateAsync(Request("linux-x64-70"), CancellationToken.None);

        Assert.Equal(new VmCreated("linux-x64-70", SmallSize, false), created);
        Assert.Single(Puts("linux-x64-70"));
        Assert.Equal("Succeeded", arm.Vm("linux-x64-70")?["properties"]?["provisioningState"]?.GetValue<string>());
        Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Name == "VmFailedLeftoverDeleted");
    }

    [Fact]
    public async Task CreateAsync_VmOfThatNameExists_ReturnsItsSizeAndPriorityWithoutAPut()
    {
        arm.Seed("linux-x64-71", ScaleSetId, "Creating", LargeSize, spot: true);

        var created = await vms.CreateAsync(Request("linux-x64-71"), CancellationToken.None);

        Assert.Equal(new VmCreated("linux-x64-71", LargeSize, true), created);
        Assert.Empty(Puts("linux-x64-71"));
    }

    [Theory]
    [InlineData("/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/runners/providers/Microsoft.Compute/virtualMachineScaleSets/windows-x64")]
    [InlineData(null)]
    public async Task CreateDeleteKeep_VmOfThatNameOutsideTheScaleSet_ThrowInvalidAndLeaveItAlone(string? otherScaleSet)
    {
        arm.Seed("linux-x64-72", otherScaleSet, "Succeeded");
        var kept = new Dictionary<string, string> { ["scaler-kept"] = "x" };

        var errors = new[]
        {
            await Assert.ThrowsAsync<AdapterException>(() => vms.CreateAsync(Request("linux-x64-72"), CancellationToken.None)),
            await Assert.ThrowsAsync<AdapterException>(() => vms.DeleteAsync(ScaleSetId, "linux-x64-72", CancellationToken.None)),
            await Assert.ThrowsAsync<AdapterException>(() => vms.KeepAsync(ScaleSetId, "linux-x64-72", kept, CancellationToken.None)),
        };

        Assert.All(errors, e => Assert.Equal((AdapterName.Compute, FailureKind.Invalid), (e.Adapter, e.Kind)));
        Assert.All(errors, e => Assert.Contains($"belongs to {otherScaleSet ?? "no scale set"}, not to {ScaleSetId}", e.Message, StringComparison.Ordinal));
        Assert.Empty(Puts("linux-x64-72"));
        Assert.NotNull(arm.Vm("linux-x64-72"));
        Assert.False(arm.Deallocated.ContainsKey("linux-x64-72"));
        Assert.Equal(3, logger.Collector.GetSnapshot().Count(r => r.Id.Name == "VmNotInScaleSet"));
    }

    [Fact]
    public async Task ListAsync_ServerIgnoresTheFilter_ListsOnlyTheScaleSetsVms()
    {
        arm.IgnoreListFilter = true;
        arm.Seed("linux-x64-73", ScaleSetId, "Succeeded");
        arm.Seed("windows-x64-1", ScaleSetId.Replace("linux-x64", "windows-x64", StringComparison.Ordinal), "Succeeded");
        arm.Seed("standalone", null, "Succeeded");

        var listed = await vms.ListAsync(ScaleSetId + "/", CancellationToken.None);

        Assert.Equal(["linux-x64-73"], listed.Select(v => v.Name));
    }

    [Fact]
    public async Task CreateAsync_TwoVmsInOneScaleSet_ReadsItsLocationOnce()
    {
        await vms.CreateAsync(Request("linux-x64-74"), CancellationToken.None);
        await vms.CreateAsync(Request("linux-x64-75"), CancellationToken.None);

        Assert.Equal(1, arm.ScaleSetReads);
        Assert.Equal(InMemoryArmHandler.Location, LastPut("linux-x64-75").Root["location"]?.GetValue<string>());
    }

    [Theory]
    [InlineData("")]
    [InlineData("linux-x64")]
    [InlineData("/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/runners/providers/Microsoft.Compute/virtualMachines/linux-x64-1")]
    public async Task AnyCall_ScaleSetIdNotAScaleSet_ThrowsInvalidWithoutCallingAzure(string scaleSetId)
    {
        var error = await Assert.ThrowsAsync<AdapterException>(() => vms.ListAsync(scaleSetId, CancellationToken.None));

        Assert.Equal(FailureKind.Invalid, error.Kind);
        Assert.Contains("is not the resource id of a virtual machine scale set", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, arm.Requests);
    }

    private List<JsonObject> Puts(string name) => [.. arm.Puts.Where(p => p.Name == name).Select(p => p.Body)];

    private JsonNode LastPut(string name) => Puts(name)[^1]["properties"]!;

    public void Dispose() => arm.Dispose();

}
