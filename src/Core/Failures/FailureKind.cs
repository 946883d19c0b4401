namespace Scaler.Core.Failures;

/// <summary>What went wrong at an adapter, in terms every caller can decide on, whichever service answered.</summary>
public enum FailureKind
{
    /// <summary>The resource does not exist (or is not visible): 404, or an error code that says so.</summary>
    NotFound,

    /// <summary>
    /// The resource is not in a state that allows the call: a GitHub runner of that name exists (409 on
    /// generate-jitconfig), a GitHub runner is running a job (422 on delete), a storage 409 or 412.
    /// </summary>
    Conflict,

    /// <summary>The service limits the caller's rate (429, GitHub's 403 rate limits, storage's ServerBusy); see <see cref="AdapterException.RetryAfter"/>.</summary>
    Throttled,

    /// <summary>No room: no capacity for the VM size (or for Spot) in the region, or the GitHub runner group is full (422 on generate-jitconfig).</summary>
    CapacityUnavailable,

    /// <summary>The subscription's quota for the VM size family is spent.</summary>
    QuotaExceeded,

    /// <summary>The VM size is not offered in the region or zone.</summary>
    SkuNotAvailable,

    /// <summary>The credentials are wrong, missing or lack a permission (401, 403).</summary>
    Unauthorized,

    /// <summary>The request is wrong (bad image, invalid name, scale set not Flexible): repeating it will not help.</summary>
    Invalid,

    /// <summary>5xx, timeouts, no answer, and other failures worth trying again.</summary>
    Transient,
}
