using Azure;
using Azure.ResourceManager.Compute;

namespace Scaler.Emulators.Tests.Arm;

public class VirtualMachineTests
{
    [Fact]
    public async Task CreateOrUpdate_InFlexibleScaleSet_CompletesAndIsListedWithTags()
    {
        await using var arm = await ArmHarness.StartAsync();

        var created = await arm.Vms.CreateOrUpdateAsync(WaitUntil.Completed, "linux-x64-1", ArmHarness.Vm(spot: true));

        Assert.Equal("Succeeded", created.Value.Data.ProvisioningState);
        var listed = await arm.Vms.GetAllAsync(filter: $"'virtualMachineScaleSet/id' eq '{ArmHarness.FlexibleId}'").ToListAsync();
        var vm = Assert.Single(listed);
        Assert.Equal("linux-x64", vm.Data.Tags["scaler-pool"]);
        var emulated = Assert.Single(arm.Emulator.GetVms());
        Assert.Equal(("Spot", "Delete"), (emulated.Priority, emulated.EvictionPolicy));
        Assert.False(emulated.HasPublicIp);
        Assert.Equal([ArmHarness.SubnetId], emulated.SubnetIds);
        Assert.Equal("#cloud-config\n", emulated.CustomData);
    }

    [Fact]
    public async Task CreateOrUpdate_SameNameTwice_ReturnsTheSameVm()
    {
        await using var arm = await ArmHarness.StartAsync();

        await arm.Vms.CreateOrUpdateAsync(WaitUntil.Completed, "linux-x64-1", ArmHarness.Vm());
        await arm.Vms.CreateOrUpdateAsync(WaitUntil.Completed, "linux-x64-1", ArmHarness.Vm());

        Assert.Single(arm.Emulator.GetVms());
        Assert.Equal(1, arm.Emulator.Counters.Created);
    }

    [Fact]
    public async Task Delete_WithForceDeletion_RemovesTheVm_AndAgainIsHarmless()
    {
        await using var arm = await ArmHarness.StartAsync();
        var vm = (await arm.Vms.CreateOrUpdateAsync(WaitUntil.Completed, "linux-x64-1", ArmHarness.Vm())).Value;

        await vm.DeleteAsync(WaitUntil.Completed, forceDeletion: true);
        var exists = await arm.Vms.ExistsAsync("linux-x64-1");
        await vm.DeleteAsync(WaitUntil.Completed, forceDeletion: true);

        Assert.False(exists.Value);
        Assert.Empty(arm.Emulator.GetVms());
        Assert.Equal(1, arm.Emulator.Counters.Deleted);
    }

    [Fact]
    public async Task GetAll_MoreThanOnePage_FollowsNextLink()
    {
        await using var arm = await ArmHarness.StartAsync();
        for (var i = 0; i < 60; i++)
        {
            await arm.Vms.CreateOrUpdateAsync(WaitUntil.Started, $"linux-x64-{i}", ArmHarness.Vm());
        }

        var listed = await arm.Vms.GetAllAsync(filter: $"'virtualMachineScaleSet/id' eq '{ArmHarness.FlexibleId}'").ToListAsync();

        Assert.Equal(60, listed.Count);
        Assert.Equal(60, listed.Select(v => v.Data.Name).Distinct().Count());
    }

    [Fact]
    public async Task CreateOrUpdate_UniformScaleSet_IsRefused()
    {
        await using var arm = await ArmHarness.StartAsync();

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => arm.Vms.CreateOrUpdateAsync(WaitUntil.Completed, "vm-1", ArmHarness.Vm(scaleSetId: ArmHarness.UniformId)));

        Assert.Equal(400, error.Status);
        Assert.Equal("OperationNotAllowed", error.ErrorCode);
    }

    [Fact]
    public async Task CreateOrUpdate_UnknownScaleSet_IsNotFound()
    {
        await using var arm = await ArmHarness.StartAsync();

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => arm.Vms.CreateOrUpdateAsync(WaitUntil.Completed, "vm-1", ArmHarness.Vm(scaleSetId: ArmHarness.FlexibleId + "x")));

        Assert.Equal(404, error.Status);
    }

    [Theory]
    [InlineData("-leading")]
    [InlineData("has_underscore")]
    [InlineData("a2345678901234567890123456789012345678901234567890123456789012345")]
    public async Task CreateOrUpdate_IllegalName_IsRefused(string name)
    {
        await using var arm = await ArmHarness.StartAsync();

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => arm.Vms.CreateOrUpdateAsync(WaitUntil.Completed, name, ArmHarness.Vm()));

        Assert.Equal(400, error.Status);
    }

    [Fact]
    public async Task CreateOrUpdate_CustomDataOver64KB_IsRefused()
    {
        await using var arm = await ArmHarness.StartAsync();

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => arm.Vms.CreateOrUpdateAsync(WaitUntil.Completed, "vm-1", ArmHarness.Vm(customData: new string('x', 50_000))));

        Assert.Equal(400, error.Status);
        Assert.Contains("customData", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("quota", "OperationNotAllowed")]
    [InlineData("sku", "SkuNotAvailable")]
    [InlineData("spot", "OverconstrainedAllocationRequest")]
    public async Task CreateOrUpdate_CapacityFaults_SurfaceTheirErrorCodes(string fault, string code)
    {
        await using var arm = await ArmHarness.StartAsync();
        switch (fault)
        {
            case "quota": arm.Emulator.Faults.ExceedQuota("Standard_D2ads_v5"); break;
            case "sku": arm.Emulator.Faults.MakeSkuUnavailable("Standard_D2ads_v5"); break;
            default: arm.Emulator.Faults.SpotCapacityAvailable = false; break;
        }

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => arm.Vms.CreateOrUpdateAsync(WaitUntil.Completed, "vm-1", ArmHarness.Vm(spot: fault == "spot")));

        Assert.Equal(code, error.ErrorCode);
        Assert.Empty(arm.Emulator.GetVms());
    }

    [Fact]
    public async Task CreateOrUpdate_Throttled_SdkHonoursRetryAfterAndSucceeds()
    {
        await using var arm = await ArmHarness.StartAsync();
        arm.Emulator.Faults.Throttle("vm.put", times: 2, TimeSpan.Zero);

        await arm.Vms.CreateOrUpdateAsync(WaitUntil.Completed, "vm-1", ArmHarness.Vm());

        Assert.Equal(2, arm.Emulator.Counters.Throttled);
        Assert.Single(arm.Emulator.GetVms());
    }

    [Fact]
    public async Task Request_WithoutBearerToken_Is401()
    {
        await using var arm = await ArmHarness.StartAsync();
        using var http = new HttpClient(arm.Emulator.CreateTrustingHandler());

        using var response = await http.GetAsync(new Uri(arm.Emulator.BaseUri, ArmHarness.FlexibleId.TrimStart('/') + "?api-version=2023-07-01"));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Request_UnknownPath_IsNotFoundWithArmError()
    {
        await using var arm = await ArmHarness.StartAsync();
        using var http = new HttpClient(arm.Emulator.CreateTrustingHandler());
        http.DefaultRequestHeaders.Authorization = new("Bearer", "token");

        using var response = await http.GetAsync(new Uri(arm.Emulator.BaseUri, "subscriptions/x/providers/Microsoft.Network/virtualNetworks"));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("\"code\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScaleSet_Get_ReportsOrchestrationMode()
    {
        await using var arm = await ArmHarness.StartAsync();

        var scaleSet = await arm.Client.GetVirtualMachineScaleSetResource(new Azure.Core.ResourceIdentifier(ArmHarness.FlexibleId)).GetAsync();

        Assert.Equal(Azure.ResourceManager.Compute.Models.OrchestrationMode.Flexible, scaleSet.Value.Data.OrchestrationMode);
        Assert.Equal("westeurope", scaleSet.Value.Data.Location.Name);
    }
}
