namespace Scaler.Core.Intake;

/// <summary>The webhook's secret, from the <c>GitHub</c> settings section (<c>GitHub__WebhookSecret</c>).</summary>
public sealed class WebhookOptions
{
    public const string Section = "GitHub";
    public const int MinimumSecretLength = 16;

    /// <summary>The webhook's secret; required: without it no delivery can be trusted.</summary>
    public string WebhookSecret { get; set; } = "";
}
