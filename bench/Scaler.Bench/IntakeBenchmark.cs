using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using Scaler.Cli.Hosting;
using Scaler.Cli.Sandbox;
using Scaler.Core.Intake;
using Scaler.Core.Storage;

namespace Scaler.Bench;

/// <summary>
/// Deliveries through <c>scaler serve</c>'s webhook (read, verify, parse, route, enqueue into Azurite, answer) against
/// the same driver enqueueing the same message straight into Azurite: throughput ratio and latency at each concurrency.
/// </summary>
internal static class IntakeBenchmark
{
    private const string Secret = "benchmark-secret-of-some-length";
    private const int Rounds = 3;

    public static async Task RunAsync(Report report, int deliveries, CancellationToken cancellationToken)
    {
        await using var azurite = await AzuriteProcess.StartAsync(cancellationToken);
        using var appKey = RSA.Create(2048);
        var settings = SandboxSettings.Create(new SandboxOptions(), azurite.ConnectionString, Secret, new Uri("http://127.0.0.1:9/"), new Uri("https://127.0.0.1:9/"), 4242, appKey.ExportRSAPrivateKeyPem());
        var port = AzuriteProcess.AnyFreePort();
        await using var serve = ServeHost.Build(
            SettingsFile.Load(null, settings),
            new ServeOptions { Urls = [$"http://127.0.0.1:{port}"], Roles = ServeRoles.Intake },
            logging: l => l.SetMinimumLevel(LogLevel.Error));
        await serve.StartAsync(cancellationToken);

        var encoding = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var jobs = new QueueClient(azurite.ConnectionString, StorageJobQueue.QueueName, encoding);
        var direct = new QueueClient(azurite.ConnectionString, "bench-direct", encoding);
        await jobs.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await direct.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

        var payload = Payloads.FreshQueued(DateTimeOffset.UtcNow);
        var signature = WebhookSignature.Sign(payload, Secret);
        var webhook = new Uri($"http://127.0.0.1:{port}{ServeHost.WebhookRoute}");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) });

        async Task<bool> DeliverAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, webhook) { Content = new ByteArrayContent(payload) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add("X-GitHub-Event", "workflow_job");
            request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
            request.Headers.Add("X-Hub-Signature-256", signature);
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return (int)response.StatusCode == 202 && body.Contains("\"queued\"", StringComparison.Ordinal);
        }

        // One delivery first, so the baseline sends exactly the message intake writes.
        if (!await DeliverAsync())
        {
            throw new InvalidOperationException("the webhook did not queue the delivery; the benchmark would measure an ignored path");
        }

        var message = (await jobs.ReceiveMessageAsync(cancellationToken: cancellationToken)).Value.Body.ToString();

        async Task<bool> EnqueueAsync()
        {
            await direct.SendMessageAsync(message, cancellationToken);
            return true;
        }

        var rows = new List<string[]>();
        foreach (var concurrency in new[] { 1, 16, 64 })
        {
            // The deliveries are split over the rounds: Azurite's in-memory queues slow down and stall with tens of
            // thousands of messages, so each round's are cleared before the next.
            var count = (concurrency == 1 ? Math.Min(deliveries, 2_000) : deliveries) / Rounds;
            await DriveAsync(EnqueueAsync, Math.Min(count, 200), concurrency);
            await DriveAsync(DeliverAsync, Math.Min(count, 200), concurrency);

            // Rounds alternate the two paths and the best round of each counts, so a neighbour's burst of load on this
            // machine hurts one round rather than one side; errors count over every round.
            DriveResult? baseline = null;
            DriveResult? measured = null;
            var errors = 0;
            for (var round = 0; round < Rounds; round++)
            {
                var b = await DriveAsync(EnqueueAsync, count, concurrency);
                var m = await DriveAsync(DeliverAsync, count, concurrency);
                errors += m.Errors;
                baseline = baseline is null || b.PerSecond > baseline.PerSecond ? b : baseline;
                measured = measured is null || m.PerSecond > measured.PerSecond ? m : measured;
                await direct.ClearMessagesAsync(cancellationToken);
                await jobs.ClearMessagesAsync(cancellationToken);
            }

            var best = measured! with { Errors = errors };
            var floor = baseline!;
            rows.Add(
            [
                concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
                count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Report.F(floor.PerSecond, "F0"), Latencies.Ms(floor.Latency.Percentile(50)), Latencies.Ms(floor.Latency.Percentile(99)),
                Report.F(best.PerSecond, "F0"), Latencies.Ms(best.Latency.Percentile(50)), Latencies.Ms(best.Latency.Percentile(99)),
                Report.F(best.PerSecond / floor.PerSecond), best.Errors.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ]);
        }

        report.Line("### Intake: deliveries through `scaler serve` against enqueueing straight into Azurite");
        report.Line();
        report.Table(
            ["Concurrency", "Deliveries per round (3 rounds)", "Direct enqueue /s", "Direct p50 ms", "Direct p99 ms", "serve /s", "serve p50 ms", "serve p99 ms", "Throughput ratio", "serve errors (all rounds)"],
            rows);
    }

    private sealed record DriveResult(double PerSecond, Latencies Latency, int Errors);

    private static async Task<DriveResult> DriveAsync(Func<Task<bool>> operation, int count, int concurrency)
    {
        var latency = new Latencies();
        var next = -1;
        var errors = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    if (!await operation())
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or Azure.RequestFailedException or TaskCanceledException or AggregateException)
                {
                    Interlocked.Increment(ref errors);
                }

                latency.Add(Stopwatch.GetElapsedTime(start));
            }
        }));
        return new DriveResult(count / watch.Elapsed.TotalSeconds, latency, errors);
    }
}
