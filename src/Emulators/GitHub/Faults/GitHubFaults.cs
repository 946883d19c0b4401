using Scaler.Emulators.Common;

namespace Scaler.Emulators.GitHub.Faults;

/// <summary>
/// The GitHub emulator's faults: per endpoint (<c>Inject(endpoint, FaultRule)</c>: an error status, a 429
/// secondary rate limit with <c>retry-after</c>, or latency), and for webhook deliveries
/// (<see cref="WebhookFault"/>).
/// </summary>
public sealed class GitHubFaults : RequestFaults<GitHubEndpoint>
{
    private WebhookFault webhookFault = new();

    internal GitHubFaults(int seed)
        : base(seed)
    {
    }

    public WebhookFault WebhookFault
    {
        get => Volatile.Read(ref webhookFault);
        set => Volatile.Write(ref webhookFault, value ?? new WebhookFault());
    }

    public override void ClearAll()
    {
        base.ClearAll();
        WebhookFault = new WebhookFault();
    }
}
