using System.Net;
using Azure;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;

namespace Scaler.Emulators.Tests.Arm;

/// <summary>The instance metadata endpoint a VM's guest reads its userData from, as IMDS serves it.</summary>
public sealed class InstanceMetadataTests
{
    private const string UserDataPath = "metadata/instance/compute/userData?api-version=2021-01-01&format=text";

    [Fact]
    public async Task GetUserData_WithMetadataHeader_ReturnsTheBase64AsArmHoldsItAndCountsTheRead()
    {
        await using var host = await ArmTestHost.StartAsync();
        var data = host.NewVm();
        data.UserData = CloudInitSamples.Base64(CloudInitSamples.JitConfig);
        await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", data);
        using var http = new HttpClient(host.Emulator.CreateTrustingHandler());

        using var response = await http.SendAsync(Request(host, "runner-1", metadataHeader: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(data.UserData, await response.Content.ReadAsStringAsync());
        Assert.Equal(1, host.Emulator.FindVirtualMachine("runner-1")!.UserDataReads);
        Assert.Equal(1, host.Emulator.Counters.UserDataReads);
    }

    [Fact]
    public async Task GetUserData_WithoutMetadataHeader_Answers400AndCountsNoRead()
    {
        await using var host = await ArmTestHost.StartAsync();
        await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm());
        using var http = new HttpClient(host.Emulator.CreateTrustingHandler());

        using var response = await http.SendAsync(Request(host, "runner-1", metadataHeader: false));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Required metadata header not specified", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, host.Emulator.FindVirtualMachine("runner-1")!.UserDataReads);
    }

    [Fact]
    public async Task GetUserData_ClearedByPatch_ReturnsEmpty()
    {
        await using var host = await ArmTestHost.StartAsync();
        var data = host.NewVm();
        data.UserData = CloudInitSamples.Base64(CloudInitSamples.JitConfig);
        VirtualMachineResource vm = (await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", data)).Value;
        await vm.UpdateAsync(WaitUntil.Completed, new VirtualMachinePatch { UserData = "" });
        using var http = new HttpClient(host.Emulator.CreateTrustingHandler());

        using var response = await http.SendAsync(Request(host, "runner-1", metadataHeader: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GetUserData_NoSuchVm_Answers404()
    {
        await using var host = await ArmTestHost.StartAsync();
        using var http = new HttpClient(host.Emulator.CreateTrustingHandler());

        using var response = await http.SendAsync(Request(host, "runner-9", metadataHeader: true));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task InstanceMetadataUri_Vm_IsTheImdsPrefixForThatVmOnTheEmulatorsListener()
    {
        await using var host = await ArmTestHost.StartAsync();

        var uri = host.Emulator.InstanceMetadataUri("runner-1");

        Assert.Equal(new Uri(host.Emulator.BaseUri, "_imds/runner-1/"), uri);
    }

    /// <summary>No Authorization header: the metadata is the VM's, not ARM's.</summary>
    private static HttpRequestMessage Request(ArmTestHost host, string vmName, bool metadataHeader)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host.Emulator.InstanceMetadataUri(vmName), UserDataPath));
        if (metadataHeader)
        {
            request.Headers.Add("Metadata", "true");
        }

        return request;
    }
}
