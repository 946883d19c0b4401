namespace Scaler.Core.Pools;

/// <summary>The <c>Scaler</c> settings section.</summary>
public sealed class ScalerOptions
{
    public const string Section = "Scaler";

    public List<PoolOptions> Pools { get; set; } = [];
}
