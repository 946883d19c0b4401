namespace Scaler.Core.Pools;

/// <summary>Where a pool's runners are registered at GitHub.</summary>
public enum RunnerScope
{
    /// <summary>Runners of one repository; <c>Owner</c> is <c>owner/repo</c>.</summary>
    Repo,

    /// <summary>Runners of an organization; <c>Owner</c> is the organization login.</summary>
    Org,

    /// <summary>Runners of an enterprise; <c>Owner</c> is the enterprise slug. Needs a PAT.</summary>
    Enterprise,
}
