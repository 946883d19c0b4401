namespace Scaler.Core.Failures;

/// <summary>The adapter a failure came from, for logs and for callers whose decision depends on the service.</summary>
public enum AdapterName
{
    /// <summary>GitHub's REST API (runners, jobs, releases, installations, webhook deliveries).</summary>
    GitHub,

    /// <summary>Azure Resource Manager: the runner VMs and their scale sets.</summary>
    Compute,

    /// <summary>Azure Table storage: job records, capacity, watermarks.</summary>
    Table,

    /// <summary>Azure Queue storage: the job queue.</summary>
    Queue,

    /// <summary>Azure Blob storage: the runner package mirror, including the package's download from GitHub.</summary>
    Blob,
}
