using Azure.ResourceManager;
using Microsoft.Extensions.Logging.Abstractions;
using Scaler.Core.Compute;
using Scaler.Core.Failures;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.Compute;

/// <summary><see cref="AzureRunnerVms"/> refuses a call it cannot make before anything reaches ARM, naming what is wrong.</summary>
public sealed class AzureRunnerVmsArgumentTests : IDisposable
{
    private readonly InMemoryArmHandler arm = new();
    private readonly ArmClient client;
    private readonly AzureRunnerVms vms;

    public AzureRunnerVmsArgumentTests()
    {
        client = ArmTestClient.Create(new Uri("https://arm.test/"), arm);
        vms = new AzureRunnerVms(client, NullLogger<AzureRunnerVms>.Instance);
    }

    [Fact]
    public void Constructor_NoArmClient_ThrowsArgumentNullNamingIt()
    {
        var error = Assert.Throws<ArgumentNullException>(() => new AzureRunnerVms(null!, NullLogger<AzureRunnerVms>.Instance));

        Assert.Equal("arm", error.ParamName);
    }

    [Fact]
    public void Constructor_NoLogger_ThrowsArgumentNullNamingIt()
    {
        var error = Assert.Throws<ArgumentNullException>(() => new AzureRunnerVms(client, null!));

        Assert.Equal("logger", error.ParamName);
    }

    [Fact]
    public async Task CreateAsync_NoRequest_ThrowsArgumentNullNamingIt()
    {
        var error = await Assert.ThrowsAsync<ArgumentNullException>(() => vms.CreateAsync(null!, CancellationToken.None));

        Assert.Equal("request", error.ParamName);
    }

    [Fact]
    public async Task CreateAsync_NoSizes_ThrowsInvalidNamingTheSettingWithoutCallingAzure()
    {
        var error = await Assert.ThrowsAsync<AdapterException>(() => vms.CreateAsync(VmRequests.Of("linux-x64-96"), CancellationToken.None));

        Assert.Equal((AdapterName.Compute, FailureKind.Invalid), (error.Adapter, error.Kind));
        Assert.Equal("VM linux-x64-96 has no sizes to try: configure Scaler__Pools__N__VmSizes__0.", error.Message);
        Assert.Equal(0, arm.Requests);
    }

    [Fact]
    public async Task KeepAsync_NoTags_ThrowsArgumentNullAndLeavesTheVmRunning()
    {
        arm.Seed("linux-x64-97", TestSettings.ScaleSetId, "Succeeded");

        var error = await Assert.ThrowsAsync<ArgumentNullException>(() => vms.KeepAsync(TestSettings.ScaleSetId, "linux-x64-97", null!, CancellationToken.None));

        Assert.Equal("tags", error.ParamName);
        Assert.False(arm.Deallocated.ContainsKey("linux-x64-97"));
        Assert.Equal(0, arm.Requests);
    }

    [Fact]
    public async Task DeleteAndKeep_BlankVmName_ThrowArgumentNamingItWithoutCallingAzure()
    {
        var errors = new[]
        {
            await Assert.ThrowsAsync<ArgumentException>(() => vms.DeleteAsync(TestSettings.ScaleSetId, "  ", CancellationToken.None)),
            await Assert.ThrowsAsync<ArgumentException>(() => vms.KeepAsync(TestSettings.ScaleSetId, "  ", new Dictionary<string, string>(), CancellationToken.None)),
        };

        Assert.All(errors, e => Assert.Equal("vmName", e.ParamName));
        Assert.Equal(0, arm.Requests);
    }

    public void Dispose() => arm.Dispose();
}
