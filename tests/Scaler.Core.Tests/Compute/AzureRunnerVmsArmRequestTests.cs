using System.Net;
using System.Web;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Scaler.Core.Compute;
using Scaler.Core.Failures;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.Compute;

/// <summary>
/// What <see cref="AzureRunnerVms"/> sends to ARM and how it reads what comes back, over the real Azure SDK: the query of
/// each call, a VM that goes away between two calls, VMs ARM lists without a size or state, and a token that cannot be had.
/// </summary>
public sealed class AzureRunnerVmsArmRequestTests : IDisposable
{
    private const string SmallSize = "Standard_D2ads_v5";

    private readonly InMemoryArmHandler arm = new();
    private readonly ScriptedArmHandler recorder;
    private readonly FakeLogger<AzureRunnerVms> logger = new();
    private readonly AzureRunnerVms vms;

    public AzureRunnerVmsArmRequestTests()
    {
        recorder = new ScriptedArmHandler(arm);
        vms = new AzureRunnerVms(ArmTestClient.Create(new Uri("https://arm.test/"), recorder), logger);
    }

    [Fact]
    public async Task DeleteAsync_VmThere_AsksArmForAForcedDelete()
    {
        arm.Seed("linux-x64-90", TestSettings.ScaleSetId, "Succeeded");

        await vms.DeleteAsync(TestSettings.ScaleSetId, "linux-x64-90", CancellationToken.None);

        var delete = Assert.Single(recorder.Sent, r => r.Method == HttpMethod.Delete);
        Assert.EndsWith("/virtualMachines/linux-x64-90", delete.Uri.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal("true", HttpUtility.ParseQueryString(delete.Uri.Query)["forceDeletion"]);
    }

    [Fact]
    public async Task CreateAsync_FailedLeftover_DeletesItForcedBeforeThePut()
    {
        arm.Seed("linux-x64-91", TestSettings.ScaleSetId, "Failed");

        await vms.CreateAsync(VmRequests.Of("linux-x64-91", SmallSize), CancellationToken.None);

        var delete = Assert.Single(recorder.Sent, r => r.Method == HttpMethod.Delete);
        Assert.Equal("true", HttpUtility.ParseQueryString(delete.Uri.Query)["forceDeletion"]);
    }

    [Fact]
    public async Task DeleteAsync_VmGoneBetweenTheReadAndTheDelete_ReturnsFalseAndLogsAlreadyGoneOnce()
    {
        arm.Seed("linux-x64-92", TestSettings.ScaleSetId, "Succeeded");
        recorder.Answer(r => r.Method == HttpMethod.Delete, () => ScriptedArmHandler.NotFound("linux-x64-92"));

        var deleted = await vms.DeleteAsync(TestSettings.ScaleSetId, "linux-x64-92", CancellationToken.None);

        Assert.False(deleted);
        var gone = Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Name == "VmAlreadyGone");
        Assert.Equal("linux-x64-92", gone.GetStructuredStateValue("VmName"));
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), r => r.Id.Name == "VmDeleted");
    }

    [Fact]
    public async Task KeepAsync_VmGoneBetweenTheReadAndTheDeallocate_ReturnsFalseLogsAlreadyGoneAndPatchesNothing()
    {
        arm.Seed("linux-x64-93", TestSettings.ScaleSetId, "Succeeded");
        recorder.Answer(r => r.Method == HttpMethod.Post, () => ScriptedArmHandler.NotFound("linux-x64-93"));

        var kept = await vms.KeepAsync(TestSettings.ScaleSetId, "linux-x64-93", new Dictionary<string, string> { ["scaler-kept"] = "x" }, CancellationToken.None);

        Assert.False(kept);
        var gone = Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Name == "VmAlreadyGone");
        Assert.Equal("linux-x64-93", gone.GetStructuredStateValue("VmName"));
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), r => r.Id.Name == "VmKept");
        Assert.DoesNotContain(recorder.Sent, r => r.Method == HttpMethod.Patch);
    }

    [Fact]
    public async Task DeleteAsync_ArmAnswersConflictWithRetryAfter_ThrowsInvalidWithoutRetryAfter()
    {
        // Retry-After counts only on a throttle: a conflict is not retried after a wait, whatever the header says.
        arm.Seed("linux-x64-94", TestSettings.ScaleSetId, "Succeeded");
        recorder.Answer(r => r.Method == HttpMethod.Delete, () =>
        {
            var response = ScriptedArmHandler.Error(HttpStatusCode.Conflict, "Conflict", "Another operation on this resource is in progress.");
            response.Headers.Add("Retry-After", "30");
            return response;
        });

        var error = await Assert.ThrowsAsync<AdapterException>(() => vms.DeleteAsync(TestSettings.ScaleSetId, "linux-x64-94", CancellationToken.None));

        Assert.Equal((FailureKind.Invalid, (TimeSpan?)null), (error.Kind, error.RetryAfter));
        Assert.Equal("Azure answered 409 Conflict: Another operation on this resource is in progress.", error.Message);
    }

    [Fact]
    public async Task ListAsync_Always_AsksArmForTheScaleSetsVmsOnly()
    {
        await vms.ListAsync(TestSettings.ScaleSetId, CancellationToken.None);

        var list = Assert.Single(recorder.Sent);
        Assert.Equal(
            $"'virtualMachineScaleSet/id' eq '{TestSettings.ScaleSetId}'",
            HttpUtility.ParseQueryString(list.Uri.Query)["$filter"]);
    }

    [Fact]
    public async Task ListAsync_VmWithoutSizeOrProvisioningState_ListsThemEmpty()
    {
        arm.Seed("linux-x64-95", TestSettings.ScaleSetId, "Creating");
        var properties = arm.Vm("linux-x64-95")!["properties"]!.AsObject();
        properties.Remove("hardwareProfile");
        properties.Remove("provisioningState");

        var vm = Assert.Single(await vms.ListAsync(TestSettings.ScaleSetId, CancellationToken.None));

        Assert.Equal(("linux-x64-95", "", ""), (vm.Name, vm.Size, vm.ProvisioningState));
    }

    [Fact]
    public async Task ListAsync_NoTokenForArm_ThrowsTransientWithTheCredentialsReason()
    {
        var client = ArmClientFactory.Create(
            new AzureOptions { ManagementEndpoint = new Uri("https://arm.test/") },
            new FailingCredential(),
            new HttpClientTransport(new HttpClient(recorder, disposeHandler: false)),
            options => options.Retry.MaxRetries = 0);
        var noToken = new AzureRunnerVms(client, NullLogger<AzureRunnerVms>.Instance);

        var error = await Assert.ThrowsAsync<AdapterException>(() => noToken.ListAsync(TestSettings.ScaleSetId, CancellationToken.None));

        Assert.Equal((AdapterName.Compute, FailureKind.Transient), (error.Adapter, error.Kind));
        Assert.Equal("Could not get a token for Azure Resource Manager: ManagedIdentityCredential authentication unavailable.", error.Message);
        Assert.IsType<AuthenticationFailedException>(error.InnerException);
        Assert.Empty(recorder.Sent);
    }

    [Theory]
    [InlineData("/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/runners/providers/Microsoft.Compute/virtualMachines/linux-x64-1")]
    [InlineData("/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/runners")]
    [InlineData("/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Compute/virtualMachineScaleSets/linux-x64")]
    public async Task DeleteAsync_ResourceIdOfSomethingElse_ThrowsInvalidWithoutCallingAzure(string scaleSetId)
    {
        var error = await Assert.ThrowsAsync<AdapterException>(() => vms.DeleteAsync(scaleSetId, "linux-x64-1", CancellationToken.None));

        Assert.Equal((AdapterName.Compute, FailureKind.Invalid), (error.Adapter, error.Kind));
        Assert.Equal($"'{scaleSetId}' is not the resource id of a virtual machine scale set.", error.Message);
        Assert.Empty(recorder.Sent);
    }

    public void Dispose()
    {
        recorder.Dispose();
        arm.Dispose();
    }

    private sealed class FailingCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new AuthenticationFailedException("ManagedIdentityCredential authentication unavailable.");

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new AuthenticationFailedException("ManagedIdentityCredential authentication unavailable.");
    }
}
