namespace Scaler.Emulators.GitHub.Faults;

/// <summary>Faults for webhook deliveries; each rate is a share (0..1) of deliveries, drawn like a <c>FaultRule</c>'s.</summary>
public sealed record WebhookFault
{
    /// <summary>Not sent; recorded as a failed delivery.</summary>
    public double DropRate { get; init; }

    /// <summary>Sent twice with the same guid.</summary>
    public double DuplicateRate { get; init; }

    /// <summary>Held back and sent after the next delivery.</summary>
    public double ReorderRate { get; init; }

    /// <summary>Waited (on the emulator's clock) before sending.</summary>
    public TimeSpan Delay { get; init; }
}
