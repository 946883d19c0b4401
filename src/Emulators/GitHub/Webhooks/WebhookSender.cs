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
    private readonly Channel<PendingDelivery> _queue = Channel.CreateUnbounded<PendingDelivery>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HttpClient _http = new() { Timeout = DeliveryTimeout };
    private readonly Uri? _target;
    private readonly string _secret;
    private readonly TimeProvider _time;
    private readonly FaultInjector _faults;
    private readonly DeliveryLog _log;
    private readonly EmulatorCounters _counters;
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public WebhookSender(GitHubEmulatorOptions options, FaultInjector faults, DeliveryLog log, EmulatorCounters counters)
    {
        _target = options.WebhookUrl;
        _secret = options.WebhookSecret;
        _time = options.TimeProvider;
        _faults = faults;
        _log = log;
        _counters = counters;
    }

    public void Start() => _loop = Task.Run(() => RunAsync(_stopping.Token));

    /// <summary>Queues a delivery; never blocks, so it may be called while holding the scheduler's gate.</summary>
    public void Enqueue(PendingDelivery delivery)
    {
        if (_target is not null)
        {
            _queue.Writer.TryWrite(delivery);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        PendingDelivery? held = null;
        try
        {
            await foreach (var delivery in _queue.Reader.ReadAllAsync(cancellationToken))
            {
                var fault = _faults.WebhookFault;
                if (held is null && !delivery.Redelivery && _faults.Roll(fault.ReorderRate))
                {
                    held = delivery;
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
            await Task.Delay(fault.Delay, _time, cancellationToken);
        }

        if (_faults.Roll(fault.DropRate))
        {
            _counters.CountDropped();
            _counters.CountFailed();
            _log.Record(delivery, _time.GetUtcNow(), TimeSpan.Zero, 0, "failed to connect to host");
            return;
        }

        await DeliverAsync(delivery, cancellationToken);
        if (_faults.Roll(fault.DuplicateRate))
        {
            _counters.CountDuplicated();
            await DeliverAsync(delivery, cancellationToken);
        }
    }

    private async Task DeliverAsync(PendingDelivery delivery, CancellationToken cancellationToken)
    {
        if (delivery.Redelivery)
        {
            _counters.CountRedelivered();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _target);
        request.Content = new ByteArrayContent(delivery.Body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("User-Agent", "GitHub-Hookshot/emulator");
        request.Headers.Add("X-GitHub-Event", delivery.Event);
        request.Headers.Add("X-GitHub-Delivery", delivery.Guid);
        request.Headers.Add("X-GitHub-Hook-ID", "1");
        request.Headers.Add("X-GitHub-Hook-Installation-Target-Type", "integration");
        request.Headers.Add("X-Hub-Signature-256", WebhookSignature.Compute(_secret, delivery.Body));
        var deliveredAt = _time.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        int statusCode;
        string status;
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
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
            _counters.CountSent();
        }
        else
        {
            _counters.CountFailed();
        }

        _log.Record(delivery, deliveredAt, stopwatch.Elapsed, statusCode, status);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
        _http.Dispose();
    }
}
