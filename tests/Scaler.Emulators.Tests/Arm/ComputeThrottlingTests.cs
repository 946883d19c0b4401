using System.Text.Json;
using Azure;
using Scaler.Emulators.Arm.Faults;
using Scaler.Emulators.Arm.Throttling;

namespace Scaler.Emulators.Tests.Arm;

public sealed class ComputeThrottlingTests
{
    [Fact]
    public async Task Put_NewVm_ChargesBothPutVmBucketsInRemainingHeaders()
    {
        await using var host = await ArmTestHost.StartAsync(maxRetries: 0, computeThrottling: ComputeThrottlingPolicy.Azure);

        var operation = await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Started, "runner-1", host.NewVm());

        Assert.True(operation.GetRawResponse().Headers.TryGetValues(ComputeThrottleResponse.RemainingHeader, out var values));
        Assert.Equal(["Microsoft.Compute/PutVMResource;11", "Microsoft.Compute/PutVMSubscription;1499"], values!.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)));
    }

    [Fact]
    public async Task Put_ThirteenthPutOfOneVmWithinAMinute_IsRefusedWith429UntilATokenRefills()
    {
        await using var host = await ArmTestHost.StartAsync(maxRetries: 0, computeThrottling: ComputeThrottlingPolicy.Azure);
        for (var i = 0; i < 12; i++)
        {
            await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Started, "runner-1", host.NewVm());
        }

        var refused = await Assert.ThrowsAsync<RequestFailedException>(() => host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Started, "runner-1", host.NewVm()));
        var otherVm = await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Started, "runner-2", host.NewVm());
        host.Time.Advance(TimeSpan.FromSeconds(15));
        await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Started, "runner-1", host.NewVm());

        Assert.Equal(429, refused.Status);
        Assert.Equal("OperationNotAllowed", refused.ErrorCode);
        Assert.True(refused.GetRawResponse()!.Headers.TryGetValue("Retry-After", out var retryAfter));
        Assert.Equal("15", retryAfter);
        Assert.Equal(201, otherVm.GetRawResponse().Status);
        Assert.Equal(1, host.Emulator.Counters.Throttled(ArmOperationKind.CreateOrUpdateVirtualMachine));
    }

    [Fact]
    public async Task Put_SubscriptionBucketSpent_RefusesAnyVmAndNamesThePolicy()
    {
        var policy = new ComputeThrottlingPolicy([new ComputeThrottlingRule("PutVM", new HashSet<ArmOperationKind> { ArmOperationKind.CreateOrUpdateVirtualMachine }, 4, 12, 60, 3)]);
        await using var host = await ArmTestHost.StartAsync(maxRetries: 0, computeThrottling: policy);
        for (var i = 0; i < 3; i++)
        {
            await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Started, $"runner-{i}", host.NewVm());
        }

        var refused = await Assert.ThrowsAsync<RequestFailedException>(() => host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Started, "runner-9", host.NewVm()));
        using var body = JsonDocument.Parse(refused.GetRawResponse()!.Content.ToString());
        var detail = body.RootElement.GetProperty("error").GetProperty("details")[0];
        var createdWhileRefused = host.Emulator.FindVirtualMachine("runner-9");
        host.Time.Advance(TimeSpan.FromSeconds(1));
        await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Started, "runner-9", host.NewVm());

        Assert.Equal(429, refused.Status);
        Assert.Equal("TooManyRequests", detail.GetProperty("code").GetString());
        Assert.Equal("PutVMSubscription", detail.GetProperty("target").GetString());
        Assert.True(refused.GetRawResponse()!.Headers.TryGetValue("Retry-After", out var retryAfter));
        Assert.Equal("1", retryAfter);
        Assert.Null(createdWhileRefused);
    }

    [Fact]
    public async Task Delete_AfterTwelveDeletesOfOneVm_DeallocateOfItIsRefusedToo()
    {
        await using var host = await ArmTestHost.StartAsync(maxRetries: 0, computeThrottling: ComputeThrottlingPolicy.Azure);
        var created = await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm());
        for (var i = 0; i < 12; i++)
        {
            await created.Value.DeallocateAsync(WaitUntil.Started);
        }

        var refused = await Assert.ThrowsAsync<RequestFailedException>(() => created.Value.DeleteAsync(WaitUntil.Started));

        Assert.Equal(429, refused.Status);
        Assert.Equal(1, host.Emulator.Counters.Throttled(ArmOperationKind.DeleteVirtualMachine));
    }

    [Fact]
    public async Task Put_NoPolicy_NeverThrottlesNorSendsComputeHeaders()
    {
        await using var host = await ArmTestHost.StartAsync(maxRetries: 0);
        Response? last = null;
        for (var i = 0; i < 13; i++)
        {
            last = (await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Started, "runner-1", host.NewVm())).GetRawResponse();
        }

        Assert.Equal(200, last!.Status);
        Assert.False(last.Headers.TryGetValue(ComputeThrottleResponse.RemainingHeader, out _));
    }

    [Fact]
    public void Compressed_ByTwenty_RefillsTwentyTimesFasterWithTheSameBuckets()
    {
        var compressed = ComputeThrottlingPolicy.Azure.Compressed(20);

        var put = compressed.Rules.Single(r => r.Name == "PutVM");
        Assert.Equal(80, put.ResourceRefillPerMinute);
        Assert.Equal(10_000, put.SubscriptionRefillPerMinute);
        Assert.Equal(12, put.ResourceCapacity);
        Assert.Equal(1500, put.SubscriptionCapacity);
    }
}
