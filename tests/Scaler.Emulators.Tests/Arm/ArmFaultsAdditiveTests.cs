using Azure;
using Scaler.Emulators.Arm.Compute;

namespace Scaler.Emulators.Tests.Arm;

/// <summary>Faults added one at a time add up, can be read while pending, and a quota can be given back.</summary>
public sealed class ArmFaultsAdditiveTests
{
    [Fact]
    public async Task AddBootFailures_TwoAdds_TheNextTwoVmsNeverBootAndNoneIsPendingAfter()
    {
        await using var host = await ArmTestHost.StartAsync(bootDelay: TimeSpan.Zero);
        host.Emulator.Faults.AddBootFailures(1);
        host.Emulator.Faults.AddBootFailures(1);
        Assert.Equal(2, host.Emulator.Faults.PendingBootFailures);

        var boots = new List<BootState>();
        foreach (var name in new[] { "runner-1", "runner-2", "runner-3" })
        {
            await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, name, host.NewVm(CloudInitSamples.PlainWriteFiles()));
            boots.Add(await host.Emulator.WaitForBootAsync(name, CancellationToken.None));
        }

        Assert.Equal([BootState.Failed, BootState.Failed, BootState.Booted], boots);
        Assert.Equal(0, host.Emulator.Faults.PendingBootFailures);
    }

    [Fact]
    public async Task AddSpotAllocationFailures_TwoAdds_TheNextTwoSpotCreationsFail()
    {
        await using var host = await ArmTestHost.StartAsync();
        host.Emulator.Faults.AddSpotAllocationFailures(1);
        host.Emulator.Faults.AddSpotAllocationFailures(1);
        Assert.Equal(2, host.Emulator.Faults.PendingSpotAllocationFailures);

        var codes = new List<string?>();
        foreach (var name in new[] { "runner-1", "runner-2", "runner-3" })
        {
            try
            {
                await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, name, host.NewVm());
                codes.Add(null);
            }
            catch (RequestFailedException e)
            {
                codes.Add(e.ErrorCode);
            }
        }

        Assert.Equal(["OverconstrainedAllocationRequest", "OverconstrainedAllocationRequest", null], codes);
        Assert.Equal(0, host.Emulator.Faults.PendingSpotAllocationFailures);
    }

    [Fact]
    public async Task RestoreQuota_AfterExceedQuota_CreationsOfThatSizePassAgainAndTheRefusalIsCounted()
    {
        await using var host = await ArmTestHost.StartAsync();
        host.Emulator.Faults.ExceedQuota("Standard_D4s_v5");
        await Assert.ThrowsAsync<RequestFailedException>(() =>
            host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm(size: "Standard_D4s_v5")));

        host.Emulator.Faults.RestoreQuota("Standard_D4s_v5");
        var created = await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-2", host.NewVm(size: "Standard_D4s_v5"));

        Assert.Equal("Succeeded", created.Value.Data.ProvisioningState);
        Assert.Equal(1, host.Emulator.Faults.QuotaRefusals);
    }
}
