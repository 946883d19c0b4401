using System.Collections.Concurrent;
using Azure.Data.Tables;
using Scaler.Core.Jobs;
using Scaler.Core.Runners;
using Scaler.Core.State;
using Scaler.Core.Tests.Fakes;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.Jobs;

/// <summary>Many processors on the real Table storage state (Azurite), as many Function instances would run.</summary>
public class ProcessorRaceTests
{
    [Fact]
    public async Task EightProcessors_FiftyJobs_MaxRunnersTen_NeverExceedTenAndServeAll()
    {
        var pool = "race-" + Guid.NewGuid().ToString("N")[..8];
        using var harness = new ProcessorHarness(
            v =>
            {
                v["Scaler:Pools:0:Name"] = pool;
                v["Scaler:Pools:0:MaxRunners"] = "10";
            },
            new TableJobStore(new LazyTable(new TableClient(Azurite.ConnectionString, TableJobStore.TableName))),
            new TableCapacity(new LazyTable(new TableClient(Azurite.ConnectionString, TableCapacity.TableName)), TimeProvider.System));
        var pending = new ConcurrentQueue<JobMessage>(Enumerable.Range(1, 50).Select(i => harness.Queued(i, pool)));
        var served = new ConcurrentDictionary<long, bool>();
        var running = new ConcurrentQueue<long>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (served.Count < 50)
            {
                if (pending.IsEmpty && harness.Queue.Deferred.IsEmpty && running.TryDequeue(out var last))
                {
                    await harness.ProcessAsync(harness.Completed(last, VmNames.ForJob(pool, last), pool));
                    served[last] = true;
                }

                while (harness.Queue.Deferred.TryDequeue(out var deferred))
                {
                    pending.Enqueue(deferred.Message);
                }

                if (!pending.TryDequeue(out var message))
                {
                    await Task.Yield();
                    continue;
                }

                var result = await harness.ProcessAsync(message);
                if (result.Outcome == JobOutcome.Provisioned)
                {
                    var vm = VmNames.ForJob(pool, message.JobId);
                    await harness.ProcessAsync(harness.InProgress(message.JobId, vm, pool));
                    running.Enqueue(message.JobId);
                }
                else if (result.Outcome == JobOutcome.Deferred && running.TryDequeue(out var done))
                {
                    // The pool is full: a running job completes, and its completed event frees capacity.
                    await harness.ProcessAsync(harness.Completed(done, VmNames.ForJob(pool, done), pool));
                    served[done] = true;
                }
            }
        })));

        Assert.Equal(50, served.Count);
        Assert.Equal(50, harness.Vms.Created);
        Assert.Equal(10, harness.Vms.MaxAtOnce);
        // Completions come only after a job found the pool full, so the pool was full at least once.
        Assert.Contains(harness.Logs.GetSnapshot(), r => r.Id.Name == "JobDeferred");
        Assert.Equal(0, await harness.Capacity.CountAsync(pool, CancellationToken.None));
    }
}
