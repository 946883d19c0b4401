namespace Scaler.Core.Reconciliation;

/// <summary>The <c>Scaler:Reconcile</c> settings.</summary>
public sealed class ReconcileOptions
{
    public const string Section = "Scaler:Reconcile";

    /// <summary>NCRONTAB schedule of the reconcile timer (6 fields, UTC).</summary>
    public string Schedule { get; set; } = "0 */1 * * * *";
}
