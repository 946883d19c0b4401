using System.Globalization;

namespace Scaler.Cli.Simulation;

/// <summary>The report <c>scaler simulate</c> prints.</summary>
internal static class SimulationReport
{
    public static void Write(TextWriter output, string traceName, SimulationResult result, IReadOnlyList<PoolSizeRow> warm, IReadOnlyList<PoolSizeRow> standby, string? pool)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(result);
        var o = result.Options;
        output.WriteLine(Invariant($"Trace {traceName}: {result.Jobs.Count} jobs routed, {result.Unrouted} not routed; simulated {result.Start:yyyy-MM-dd HH:mm} to {result.End:yyyy-MM-dd HH:mm} UTC."));
        output.WriteLine(Invariant($"Model: create {o.CreateDuration.TotalSeconds:0} s (seen ended after {(o.CreatePolledBySdk ? SimulatedVms.Observed(o.CreateDuration) : o.CreateDuration).TotalSeconds:0} s), boot {o.BootDuration.TotalSeconds:0} s, delete {o.DeleteDuration.TotalSeconds:0} s, webhook {o.WebhookLatency.TotalSeconds:0.#} s, queue batch {o.QueueBatchSize} (next at {o.QueueNewBatchThreshold} in hand), polling up to {o.QueueMaxPollingInterval.TotalSeconds:0.#} s, reconcile every {o.ReconcilePeriod.TotalSeconds:0} s; standby: deallocate {o.DeallocateDuration.TotalSeconds:0} s, start {o.StartDuration.TotalSeconds:0} s, prepared boot {o.PreparedBootDuration.TotalSeconds:0} s."));
        output.WriteLine(Invariant($"Wait          p50 {Duration(result.WaitPercentile(50))}, p95 {Duration(result.WaitPercentile(95))}, max {Duration(result.MaxWait)}"));
        output.WriteLine(Invariant($"VM-minutes    {result.VmMinutes:0.0} allocated; oracle {result.OracleVmMinutes:0.0} (each job's create, boot and run); ratio {result.OracleRatio:0.000}"));
        output.WriteLine(Invariant($"Cost          ${result.Cost:0.00}: compute ${result.ComputeCost:0.00} ({Prices(result)}), disks ${result.DiskCost:0.00} ({Disks(result)})"));
        output.WriteLine(Invariant($"Peak runners  {result.PeakRunners}; peak queued jobs {result.PeakQueued}; VMs created {result.Vms.Count}"));
        if (result.StandbyVmsCreated > 0)
        {
            output.WriteLine(Invariant($"Standby       {result.StandbyVmsCreated} VMs prepared, {result.ServedFromStandby} jobs ran on one; peak standby VMs {result.PeakStandby}"));
        }

        var perJob = Math.Max(result.Jobs.Count, 1);
        output.WriteLine(Invariant($"Requests      last VM requested {Duration(result.AllVmsRequested)} after the first arrival; {o.QueueConsumers} queue consumer(s), {(double)result.MessagesHandled / perJob:0.00} messages per job"));
        output.WriteLine(Invariant($"ARM calls     {(double)result.ArmReads / perJob:0.00} reads and {(double)result.ArmWrites / perJob:0.00} writes per job (operation polls and reconcile lists included)"));
        if (result.Unfinished > 0 || result.Failed > 0 || result.Poisoned > 0)
        {
            output.WriteLine(Invariant($"Problems      {result.Unfinished} jobs unfinished, {result.Failed} failed, {result.Poisoned} messages poisoned"));
        }

        Table(output, $"Warm pool (MinIdle of {(pool is null ? "every pool" : "pool " + pool)}, all the time):", "MinIdle", warm, servedColumn: false);
        Table(output, $"Standby pool (Standby.Size of {(pool is null ? "every pool" : "pool " + pool)}, all the time):", "Standby", standby, servedColumn: true);
    }

    /// <summary><c>m:ss</c>, or <c>h:mm:ss</c> from an hour.</summary>
    public static string Duration(TimeSpan value) =>
        value.TotalHours >= 1 ? value.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : value.ToString(@"m\:ss", CultureInfo.InvariantCulture);

    /// <param name="servedColumn">Adds the jobs that ran on a standby VM.</param>
    private static void Table(TextWriter output, string title, string sizeColumn, IReadOnlyList<PoolSizeRow> rows, bool servedColumn)
    {
        if (rows.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine(title);
        output.WriteLine($"{sizeColumn,7}  wait p50  wait p95  wait max  VM-minutes   compute     disks     total{(servedColumn ? "  on standby" : "")}");
        foreach (var row in rows)
        {
            var r = row.Result;
            output.WriteLine(Invariant($"{row.Size,7}  {Duration(r.WaitPercentile(50)),8}  {Duration(r.WaitPercentile(95)),8}  {Duration(r.MaxWait),8}  {r.VmMinutes,10:0.0}  {Money(r.ComputeCost),8}  {Money(r.DiskCost),8}  {Money(r.Cost),8}{(servedColumn ? Invariant($"  {r.ServedFromStandby,10}") : "")}"));
        }
    }

    private static string Money(decimal value) => "$" + value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>The OS disk sizes used and the disk price.</summary>
    private static string Disks(SimulationResult result)
    {
        var sizes = result.Vms.Select(v => v.OsDiskSizeGb).Distinct().Order().Select(gb => Invariant($"{gb} GiB"));
        return Invariant($"{string.Join(", ", sizes)} at ${result.Options.DiskPricePerGbMonth}/GiB-month");
    }

    private static string Prices(SimulationResult result)
    {
        var used = result.Vms.Select(v => v.Size).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)
            .Select(size => result.Options.Prices.TryGetValue(size, out var price)
                ? Invariant($"{size} ${price}/h")
                : $"{size} has no price: set Simulation__Prices__{size}");
        return string.Join(", ", used);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
