using Azure.Data.Tables;
using Scaler.Core.Failures;

namespace Scaler.Core.State;

/// <summary>Named points in time that timers resume from (for example the webhook delivery watermark). Storage failures are <see cref="AdapterException"/>s.</summary>
public interface IWatermarks
{
    Task<DateTimeOffset?> GetAsync(string name, CancellationToken cancellationToken);

    Task SetAsync(string name, DateTimeOffset value, CancellationToken cancellationToken);
}

/// <summary>Watermarks in the <c>watermarks</c> table: partition <c>scaler</c>, row = name.</summary>
public sealed class TableWatermarks(LazyTable table) : IWatermarks
{
    public const string TableName = "watermarks";
    private const string Partition = "scaler";

    public Task<DateTimeOffset?> GetAsync(string name, CancellationToken cancellationToken) =>
        table.RunAsync(
            async client =>
            {
                var found = await client.GetEntityIfExistsAsync<TableEntity>(Partition, name, cancellationToken: cancellationToken);
                return found.HasValue ? found.Value!.GetDateTimeOffset("Value") : null;
            },
            cancellationToken);

    public Task SetAsync(string name, DateTimeOffset value, CancellationToken cancellationToken) =>
        table.RunAsync(client => client.UpsertEntityAsync(new TableEntity(Partition, name) { ["Value"] = value }, TableUpdateMode.Replace, cancellationToken), cancellationToken);
}
