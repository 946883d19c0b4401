using System.Diagnostics;
using System.Net.Http.Headers;
using System.Threading.Channels;
using Scaler.Emulators.GitHub.Faults;

namespace Scaler.Emulators.GitHub.Webhooks;

/// <summary>
/// Sends deliveries one at a time, in order, to the configured URL, applying webhook faults, and
/// records every attempt. Like GitHub, it never retries by itself.
/// </summary>
internal sealed class WebhookSender : IAsyncDisposable
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(10);
    private readonly Channel<PendingDelivery> queue = Channel.CreateUnbounded<PendingDelivery>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HttpClient http = new() { Timeout = DeliveryTimeout };
    private readonly Uri? target;
    private readonly string secret;
    private readonly TimeProvider time;
    private readonly GitHubFaults faults;
    private readonly DeliveryLog log;
    private readonly GitHubCounters counters;
    private readonly CancellationTokenSource stopping = new();
    private Task loop = Task.CompletedTask;

    public WebhookSender(GitHubEmulatorOptions options, GitHubFaults faults, DeliveryLog log, GitHubCounters counters)
    {
        target = options.WebhookUrl;
        secret = options.WebhookSecret;
        time = options.TimeProvider;
        this.faults = faults;
        this.log = log;
        this.counters = counters;
    }

    public void Start() => loop = Task.Run(() => RunAsync(stopping.Token));

    /// <summary>Queues a delivery; never blocks, so it may be called while holding the scheduler's gate.</summary>
    public void Enqueue(PendingDelivery delivery)
    {
        if (target is not null)
        {
            queue.Writer.TryWrite(delivery);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        PendingDelivery? held = null;
        try
        {
            await foreach (var delivery in queue.Reader.ReadAllAsync(cancellationToken))
            {
                var fault = faults.WebhookFault;
                if (held is null && !delivery.Redelivery && faults.Roll(fault.ReorderRate))
                {
                    held = delivery;
                    counters.CountReordered();
                    continue;
                }

                await DeliverWithFaultsAsync(delivery, fault, cancellationToken);
                if (held is not null)
                {
                    var next = held;
                    held = null;
                    await DeliverWithFaultsAsync(next, fault, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverWithFaultsAsync(PendingDelivery delivery, WebhookFault fault, CancellationToken cancellationToken)
    {
        if (fault.Delay > TimeSpan.Zero)
        {
            await Task.Delay(fault.Delay, time, cancellationToken);
        }

        if (faults.Roll(fault.DropRate))
        {
            counters.CountDropped();
            counters.CountFailed();
            log.Record(delivery, time.GetUtcNow(), TimeSpan.Zero, 0, "failed to connect to host");
            return;
        }

        await DeliverAsync(delivery, cancellationToken);
        if (faults.Roll(fault.DuplicateRate))
        {
            counters.CountDuplicated();
            await DeliverAsync(delivery, cancellationToken);
        }
    }

    private async Task DeliverAsync(PendingDelivery delivery, CancellationToken cancellationToken)
    {
        if (delivery.Redelivery)
        {
            counters.CountRedelivered();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, target);
        request.Content = new ByteArrayContent(delivery.Body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("User-Agent", "GitHub-Hookshot/emulator");
        request.Headers.Add("X-GitHub-Event", delivery.Event);
        request.Headers.Add("X-GitHub-Delivery", delivery.Guid);
        request.Headers.Add("X-GitHub-Hook-ID", "1");
        request.Headers.Add("X-GitHub-Hook-Installation-Target-Type", "integration");
        request.Headers.Add("X-Hub-Signature-256", WebhookSignature.Compute(secret, delivery.Body));
        var deliveredAt = time.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        int statusCode;
        string status;
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            statusCode = (int)response.StatusCode;
            status = response.IsSuccessStatusCode ? "OK" : $"Invalid HTTP Response: {statusCode}";
        }
        catch (HttpRequestException)
        {
            statusCode = 0;
            status = "failed to connect to host";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            statusCode = 0;
            status = "timed out";
        }

        if (status == "OK")
        {
            counters.CountSent();
        }
        else
        {
            counters.CountFailed();
        }

        log.Record(delivery, deliveredAt, stopwatch.Elapsed, statusCode, status);
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await stopping.CancelAsync();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
        }

        stopping.Dispose();
        http.Dispose();
    }
}
