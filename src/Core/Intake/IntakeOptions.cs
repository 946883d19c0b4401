namespace Scaler.Core.Intake;

/// <summary>
/// The <c>Scaler:Intake</c> settings: what a sender that has not yet proved it knows the webhook secret may cost.
/// The signature covers the whole body, so every body is read before anyone knows who sent it.
/// </summary>
public sealed class IntakeOptions
{
    public const string Section = "Scaler:Intake";

    /// <summary>The default budget: two bodies of GitHub's 25 MB maximum, with room for many small ones.</summary>
    public const long DefaultUnauthenticatedBodyBytes = 64L * 1024 * 1024;

    /// <summary>
    /// How many bytes the bodies being read, whose signature is not checked yet, may hold together in this process.
    /// A body that would need more is answered 503 with <c>Retry-After</c> before more of it is read.
    /// </summary>
    public long UnauthenticatedBodyBytes { get; set; } = DefaultUnauthenticatedBodyBytes;

    /// <summary>How long the whole body may take to arrive. GitHub gives up on a delivery after 10 seconds.</summary>
    public TimeSpan BodyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// <c>scaler serve</c> only (Kestrel's <c>MinRequestBodyDataRate</c>): bytes a second a body must average after a
    /// two-second grace period, or the connection is closed. 0 turns the check off. Functions' front end has its own.
    /// </summary>
    public int MinBodyDataRate { get; set; } = 16 * 1024;
}
