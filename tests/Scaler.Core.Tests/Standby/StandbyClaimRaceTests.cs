using Azure.Data.Tables;
using Scaler.Core.State;
using Scaler.Core.Tests.Fakes;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.Standby;

/// <summary>Jobs claiming standby VMs at once, on the real capacity table (Azurite): each VM serves one job.</summary>
public class StandbyClaimRaceTests
{
    [Fact]
    public async Task EightJobsAtOnce_ThreeStandbyVms_EachVmStartedForExactlyOneJobAndTheRestFresh()
    {
        var pool = "standby-" + Guid.NewGuid().ToString("N")[..8];
        using var harness = new ProcessorHarness(
            v =>
            {
                v["Scaler:Pools:0:Name"] = pool;
                v["Scaler:Pools:0:MaxRunners"] = "12";
                v["Scaler:Pools:0:Standby:Size"] = "3";
            },
            new TableJobStore(new LazyTable(new TableClient(Azurite.ConnectionString, TableJobStore.TableName))),
            new TableCapacity(new LazyTable(new TableClient(Azurite.ConnectionString, TableCapacity.TableName)), TimeProvider.System));
        var standby = await StandbyHarness.PrepareAsync(harness);

        await Task.WhenAll(Enumerable.Range(1, 8).Select(job => Task.Run(() => harness.ProcessAsync(harness.Queued(job, pool)))));

        var vmNames = new List<string>();
        for (var job = 1; job <= 8; job++)
        {
            var record = await harness.Jobs.GetAsync(pool, job, CancellationToken.None);
            Assert.Equal(JobState.Provisioned, record?.State);
            vmNames.Add(record!.VmName!);
        }

        Assert.Equal(8, vmNames.Distinct().Count());
        Assert.Equal(standby.Order(), harness.Vms.PoweredOn.Order());
        Assert.Equal(standby.Order(), vmNames.Where(standby.Contains).Order());
        Assert.Equal(8, await harness.Capacity.CountAsync(pool, CancellationToken.None));
        Assert.Equal(8, harness.GitHub.All.Count);
    }
}
