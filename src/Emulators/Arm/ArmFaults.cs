namespace Scaler.Emulators.Arm;

/// <summary>Failures the ARM emulator injects on request. Thread-safe; rates draw from a seeded source.</summary>
public sealed class ArmFaults(int seed)
{
    private readonly Lock gate = new();
    private readonly Random random = new(seed);
    private readonly Dictionary<string, (double Rate, int Status)> errors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Remaining, TimeSpan RetryAfter)> throttles = new(StringComparer.Ordinal);
    private readonly HashSet<string> quotaSizes = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> unavailableSizes = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> bootFailures = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Operation names: <c>vm.put</c>, <c>vm.get</c>, <c>vm.delete</c>, <c>vm.list</c>, <c>vmss.get</c>.</summary>
    public void FailOperation(string operation, double rate, int status = 500)
    {
        lock (gate)
        {
            errors[operation] = (rate, status);
        }
    }

    /// <summary>The next <paramref name="times"/> calls of the operation (<c>*</c>: of any) answer 429 with <c>Retry-After</c>.</summary>
    public void Throttle(string operation, int times, TimeSpan retryAfter)
    {
        lock (gate)
        {
            throttles[operation] = (times, retryAfter);
        }
    }

    /// <summary>Creating a VM of this size fails with <c>OperationNotAllowed</c> (quota).</summary>
    public void ExceedQuota(string size)
    {
        lock (gate)
        {
            quotaSizes.Add(size);
        }
    }

    /// <summary>Creating a VM of this size fails with <c>SkuNotAvailable</c>.</summary>
    public void MakeSkuUnavailable(string size)
    {
        lock (gate)
        {
            unavailableSizes.Add(size);
        }
    }

    /// <summary>False: Spot VMs fail with <c>OverconstrainedAllocationRequest</c>.</summary>
    public bool SpotCapacityAvailable { get; set; } = true;

    /// <summary>The named VM is created but never boots (its guest agent is never called).</summary>
    public void FailBoot(string vmName)
    {
        lock (gate)
        {
            bootFailures.Add(vmName);
        }
    }

    /// <summary>Every VM created from now on never boots, with this probability.</summary>
    public double BootFailureRate { get; set; }

    public void Clear()
    {
        lock (gate)
        {
            errors.Clear();
            throttles.Clear();
            quotaSizes.Clear();
            unavailableSizes.Clear();
            bootFailures.Clear();
            SpotCapacityAvailable = true;
            BootFailureRate = 0;
        }
    }

    internal TimeSpan? TakeThrottle(string operation)
    {
        lock (gate)
        {
            foreach (var key in new[] { operation, "*" })
            {
                if (throttles.TryGetValue(key, out var throttle) && throttle.Remaining > 0)
                {
                    throttles[key] = (throttle.Remaining - 1, throttle.RetryAfter);
                    return throttle.RetryAfter;
                }
            }

            return null;
        }
    }

    internal int? TakeError(string operation)
    {
        lock (gate)
        {
            return errors.TryGetValue(operation, out var error) && random.NextDouble() < error.Rate ? error.Status : null;
        }
    }

    internal (string Code, string Message)? CreateFailure(string size, bool spot)
    {
        lock (gate)
        {
            if (quotaSizes.Contains(size))
            {
                return ("OperationNotAllowed", $"Operation could not be completed as it results in exceeding approved {size} Family Cores quota.");
            }

            if (unavailableSizes.Contains(size))
            {
                return ("SkuNotAvailable", $"The requested size for resource is currently not available in location for subscription: {size}.");
            }

            return spot && !SpotCapacityAvailable
                ? ("OverconstrainedAllocationRequest", "Allocation failed. VM(s) with the following constraints cannot be allocated: Spot priority.")
                : null;
        }
    }

    internal bool BootFails(string vmName)
    {
        lock (gate)
        {
            return bootFailures.Contains(vmName) || random.NextDouble() < BootFailureRate;
        }
    }
}
