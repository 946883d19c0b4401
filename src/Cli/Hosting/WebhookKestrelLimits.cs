using Microsoft.AspNetCore.Server.Kestrel.Core;
using Scaler.Core.Intake;

namespace Scaler.Cli.Hosting;

/// <summary>
/// Kestrel's side of bounding senders that have not proved they know the webhook secret: a body must keep up a
/// minimum rate after a short grace period, and headers must arrive within the body timeout. Core's intake adds the
/// whole-body deadline and the budget for unauthenticated bodies.
/// </summary>
internal static class WebhookKestrelLimits
{
    /// <summary>How long a body may arrive slower than the minimum rate at first; Kestrel checks once a second.</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(2);

    public static void Apply(KestrelServerLimits limits, IntakeOptions intake)
    {
        limits.MinRequestBodyDataRate = intake.MinBodyDataRate == 0 ? null : new MinDataRate(intake.MinBodyDataRate, GracePeriod);
        limits.RequestHeadersTimeout = intake.BodyTimeout;
    }
}
