using System.Net;
using Scaler.Emulators.Arm.Boot;
using Scaler.Emulators.Arm.Compute;

namespace Scaler.Emulators.Tests.Arm;

public sealed class GitHubRunnerAgentTests
{
    [Fact]
    public async Task BootAsync_WithJitConfig_PostsConnectWithConfigAndVersion()
    {
        await using var github = await FakeGitHubEmulator.StartAsync();
        using var http = new HttpClient();
        var agent = new GitHubRunnerAgent(http, github.BaseUri);

        await agent.BootAsync(Vm("runner-1"), new BootInfo(CloudInitSamples.JitConfig, CloudInitSamples.Version, null), CancellationToken.None);

        var (path, body) = Assert.Single(github.Requests);
        Assert.Equal("/_emulator/runners/connect", path);
        Assert.Equal(CloudInitSamples.JitConfig, body.GetProperty("jit_config").GetString());
        Assert.Equal(CloudInitSamples.Version, body.GetProperty("version").GetString());
        Assert.Equal(new ConnectedRunner(1, "runner-1"), agent.Connected["runner-1"]);
    }

    [Fact]
    public async Task BootAsync_WithoutJitConfig_PostsNothing()
    {
        await using var github = await FakeGitHubEmulator.StartAsync();
        using var http = new HttpClient();
        var agent = new GitHubRunnerAgent(http, github.BaseUri);

        await agent.BootAsync(Vm("runner-1"), new BootInfo(null, CloudInitSamples.Version, null), CancellationToken.None);

        Assert.Empty(github.Requests);
    }

    [Fact]
    public async Task ShutdownAsync_PostsDisconnectWithVmName()
    {
        await using var github = await FakeGitHubEmulator.StartAsync();
        using var http = new HttpClient();
        var agent = new GitHubRunnerAgent(http, new Uri(github.BaseUri.AbsoluteUri.TrimEnd('/')));

        await agent.ShutdownAsync(Vm("runner-7"), CancellationToken.None);

        var (path, body) = Assert.Single(github.Requests);
        Assert.Equal("/_emulator/runners/disconnect", path);
        Assert.Equal("runner-7", body.GetProperty("name").GetString());
    }

    [Fact]
    public async Task BootAsync_GitHubRejects_Throws()
    {
        await using var github = await FakeGitHubEmulator.StartAsync(HttpStatusCode.UnprocessableEntity);
        using var http = new HttpClient();
        var agent = new GitHubRunnerAgent(http, github.BaseUri);

        await Assert.ThrowsAsync<HttpRequestException>(() =>
            agent.BootAsync(Vm("runner-1"), new BootInfo(CloudInitSamples.JitConfig, null, null), CancellationToken.None));
    }

    private static EmulatedVm Vm(string name) => new()
    {
        Name = name,
        ResourceId = $"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/{name}",
        ResourceGroup = "rg",
        Location = "westeurope",
        ScaleSetId = null,
        Tags = new Dictionary<string, string>(),
        VmSize = "Standard_D2s_v5",
        Priority = "Spot",
        EvictionPolicy = "Delete",
        MaxPrice = -1,
        ComputerName = name,
        CustomData = null,
        RequestedPublicIp = false,
        State = VmState.Running,
        BootState = BootState.Pending,
        GuestError = null,
        CreatedAt = DateTimeOffset.UnixEpoch,
    };
}
