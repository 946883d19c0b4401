using Scaler.Cli.Sandbox;
using Scaler.Emulators.Arm.Faults;
using Scaler.Emulators.GitHub.Jobs;
using Scaler.Emulators.GitHub.Webhooks;

namespace Scaler.Bench;

/// <summary>
/// From a <c>queued</c> delivery leaving GitHub to the VM's PUT reaching ARM, one job at a time, each after a quiet
/// spell long enough for the queue consumer to have slowed to its longest polling interval: the reaction a job meets
/// when nothing else is happening. The baseline is the same delivery's answer time (the webhook's enqueue).
/// </summary>
internal static class ReactionBenchmark
{
    public sealed record Result(TimeSpan MaxPollingInterval, int Jobs, Latencies Reaction, Latencies Delivery);

    public static async Task<Result> MeasureAsync(TimeSpan maxPollingInterval, int jobs, CancellationToken cancellationToken)
    {
        await using var sandbox = await Sandbox.StartAsync(
            new SandboxOptions
            {
                LinuxMinIdle = 0,
                LinuxMaxRunners = jobs + 10,
                QueueMaxPollingInterval = maxPollingInterval,
                IdleTimeout = TimeSpan.FromHours(1),
                ReconcilePeriod = TimeSpan.FromMinutes(10),
            },
            cancellationToken);

        TaskCompletionSource<DateTimeOffset>? put = null;
        TaskCompletionSource<WebhookDeliveryInfo>? queued = null;
        TaskCompletionSource<WebhookDeliveryInfo>? started = null;
        sandbox.Arm.RequestReceived += kind =>
        {
            if (kind == ArmOperationKind.CreateOrUpdateVirtualMachine)
            {
                put?.TrySetResult(DateTimeOffset.UtcNow);
            }
        };
        sandbox.GitHub.DeliveryRecorded += delivery =>
        {
            if (delivery.Action == "queued")
            {
                queued?.TrySetResult(delivery);
            }
            else if (delivery.Action == "in_progress")
            {
                started?.TrySetResult(delivery);
            }
        };

        var reaction = new Latencies();
        var answer = new Latencies();
        var random = new Random(15);
        // The first job pays for start-up (App token, JIT endpoint, first VM); it is run and not counted.
        for (var i = -1; i < jobs; i++)
        {
            // Twice the longest interval lets the consumer's back-off (from 100 ms, doubling) reach it; the random part
            // lands the delivery at any point of a polling interval.
            await Task.Delay(maxPollingInterval * 2 + TimeSpan.FromMilliseconds(300) + maxPollingInterval * random.NextDouble(), cancellationToken);
            put = new(TaskCreationOptions.RunContinuationsAsynchronously);
            queued = new(TaskCreationOptions.RunContinuationsAsynchronously);
            started = new(TaskCreationOptions.RunContinuationsAsynchronously);
            sandbox.GitHub.QueueJob(new JobRequest("contoso/api", ["self-hosted", "linux", "x64"]) { Duration = TimeSpan.FromHours(1) });
            var delivery = await queued.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            var putAt = await put.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            if (i >= 0)
            {
                reaction.Add(putAt - delivery.DeliveredAt);
                answer.Add(delivery.Duration);
            }


            // The runner takes the job and its in_progress delivery is processed before the next quiet spell starts.
            await started.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }

        return new Result(maxPollingInterval, jobs, reaction, answer);
    }

    public static void Write(Report report, IReadOnlyList<Result> results)
    {
        report.Line("### Reaction: `queued` delivery sent to the VM's PUT at ARM, after a quiet spell");
        report.Line();
        report.Table(
            ["Queue max polling interval", "Jobs", "Delivery answer p50 ms (baseline)", "Reaction p50 ms", "Reaction p95 ms", "p50 ratio", "Idle polls per consumer-hour"],
            results.Select(r => new[]
            {
                Latencies.Ms(r.MaxPollingInterval), r.Jobs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Latencies.Ms(r.Delivery.Percentile(50)), Latencies.Ms(r.Reaction.Percentile(50)), Latencies.Ms(r.Reaction.Percentile(95)),
                Report.F(r.Reaction.Percentile(50) / r.Delivery.Percentile(50), "F1"),
                Report.F(TimeSpan.FromHours(1) / r.MaxPollingInterval, "F0"),
            }));
    }
}
