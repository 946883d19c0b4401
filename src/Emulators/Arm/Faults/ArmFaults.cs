using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Scaler.Emulators.Arm.Json;
using Scaler.Emulators.Common;

namespace Scaler.Emulators.Arm.Faults;

/// <summary>
/// The ARM emulator's faults: per operation (<c>Inject(operation, FaultRule)</c>: an error status, a 429
/// with <c>Retry-After</c>, or latency), and Azure's own refusals: quota, SKU and Spot capacity errors and
/// guests that never boot, and allocation failures of a size at any priority. Every method is thread-safe and takes effect on the next request.
/// </summary>
public sealed partial class ArmFaults : RequestFaults<ArmOperationKind>
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, string> quotaExceeded = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> unavailableSkus = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> bootFailures = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> allocationFailures = new(StringComparer.OrdinalIgnoreCase);
    private (int Remaining, string Code) spotFailures;
    private int nextBootFailures;

    internal ArmFaults(int seed)
        : base(seed)
    {
    }

    /// <summary>Rejects creating VMs of <paramref name="vmSize"/> with OperationNotAllowed (cores quota exceeded).</summary>
    public void ExceedQuota(string vmSize, string? family = null)
    {
        lock (gate)
        {
            quotaExceeded[vmSize] = family ?? FamilyOf(vmSize);
        }
    }

    /// <summary>Rejects creating VMs of <paramref name="vmSize"/> with SkuNotAvailable.</summary>
    public void MakeSkuUnavailable(string vmSize)
    {
        lock (gate)
        {
            unavailableSkus.Add(vmSize);
        }
    }

    /// <summary>Fails the next <paramref name="count"/> Spot VM creations during provisioning with <paramref name="errorCode"/>
    /// (OverconstrainedAllocationRequest or AllocationFailed).</summary>
    public void FailSpotAllocations(int count = int.MaxValue, string errorCode = "OverconstrainedAllocationRequest")
    {
        lock (gate)
        {
            spotFailures = (count, errorCode);
        }
    }

    /// <summary>
    /// Fails every creation of a VM of <paramref name="vmSize"/> (Spot or Regular) with <paramref name="errorCode"/>
    /// (AllocationFailed, ZonalAllocationFailed or OverconstrainedAllocationRequest). As at Azure, the PUT is accepted
    /// and the long-running operation fails, leaving the VM in state Failed.
    /// </summary>
    public void FailAllocations(string vmSize, string errorCode = "AllocationFailed")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(vmSize);
        lock (gate)
        {
            allocationFailures[vmSize] = errorCode;
        }
    }

    /// <summary>The VM named <paramref name="vmName"/> provisions but its guest never boots.</summary>
    public void FailBoot(string vmName)
    {
        lock (gate)
        {
            bootFailures.Add(vmName);
        }
    }

    /// <summary>The next <paramref name="count"/> VMs created provision but their guests never boot.</summary>
    public void FailNextBoots(int count)
    {
        lock (gate)
        {
            nextBootFailures = count;
        }
    }

    /// <summary>Removes every fault.</summary>
    public override void ClearAll()
    {
        base.ClearAll();
        lock (gate)
        {
            quotaExceeded.Clear();
            unavailableSkus.Clear();
            bootFailures.Clear();
            allocationFailures.Clear();
            spotFailures = default;
            nextBootFailures = 0;
            ClearStartFailures();
        }
    }

    internal ArmError? CreationError(string? vmSize, string location)
    {
        lock (gate)
        {
            if (vmSize is not null && unavailableSkus.Contains(vmSize))
            {
                return new ArmError(StatusCodes.Status409Conflict, "SkuNotAvailable",
                    $"The requested VM size for resource 'Following SKUs have failed for Capacity Restrictions: {vmSize}' is currently not available in location '{location}'. Please try another size or deploy to a different location or different zone. See https://aka.ms/azureskunotavailable for details.");
            }

            if (vmSize is not null && quotaExceeded.TryGetValue(vmSize, out var family))
            {
                quotaRefusals++;
                return new ArmError(StatusCodes.Status409Conflict, "OperationNotAllowed",
                    $"Operation could not be completed as it results in exceeding approved {family} Cores quota. Additional details - Deployment Model: Resource Manager, Location: {location}, Current Limit: 0, Current Usage: 0, Additional Required: 2, (Minimum) New Limit Required: 2. Submit a request for Quota increase at https://aka.ms/ProdportalCRP by specifying parameters listed in the 'Details' section for deployment to succeed.");
            }

            return null;
        }
    }

    internal ArmError? ProvisioningError(string? vmSize, string? priority)
    {
        lock (gate)
        {
            if (vmSize is not null && allocationFailures.TryGetValue(vmSize, out var code))
            {
                return AllocationError(code);
            }

            if (!"Spot".Equals(priority, StringComparison.OrdinalIgnoreCase) || spotFailures.Remaining <= 0)
            {
                return null;
            }

            spotFailures.Remaining--;
            return spotFailures.Code == "OverconstrainedAllocationRequest"
                ? new ArmError(StatusCodes.Status409Conflict, spotFailures.Code, "Create or update VM failed as the requested spot allocation could not be satisfied with the constraints in the request. Please try a different VM size, location or zone.")
                : AllocationError(spotFailures.Code);
        }
    }

    /// <summary>The error of a failed allocation as Azure words it for <paramref name="code"/>.</summary>
    private static ArmError AllocationError(string code) => new(StatusCodes.Status409Conflict, code, code switch
    {
        "ZonalAllocationFailed" => "Allocation failed. We do not have sufficient capacity for the requested VM size in this zone. Read more about improving likelihood of allocation success at http://aka.ms/allocation-guidance",
        "OverconstrainedAllocationRequest" => "Allocation failed. VM(s) with the following constraints cannot be allocated, because the condition is too restrictive. Please remove some constraints and try again.",
        _ => "Allocation failed. We do not have sufficient capacity for the requested VM size in this region. Read more about improving likelihood of allocation success at http://aka.ms/allocation-guidance",
    });

    internal bool ShouldFailBoot(string vmName)
    {
        lock (gate)
        {
            if (bootFailures.Contains(vmName))
            {
                return true;
            }

            if (nextBootFailures > 0)
            {
                nextBootFailures--;
                return true;
            }

            return false;
        }
    }

    /// <summary>Standard_D4s_v5 to standardDSv5Family, as the quota error names it.</summary>
    internal static string FamilyOf(string vmSize)
    {
        var match = SizePattern().Match(vmSize);
        if (!match.Success)
        {
            return "standardFamily";
        }

        return $"standard{match.Groups[1].Value}{match.Groups[2].Value.ToUpperInvariant()}v{match.Groups[3].Value}Family";
    }

    [GeneratedRegex(@"^Standard_([A-Z]+)\d+(?:-\d+)?([a-z]*)_v(\d+)$")]
    private static partial Regex SizePattern();
}
