using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Scaler.Core.Pools;

namespace Scaler.Core.State;

/// <summary>Job records in the <c>jobs</c> table: partition = pool, row = job id (zero-padded).</summary>
public sealed class TableJobStore(LazyTable table) : IJobStore
{
    public const string TableName = "jobs";

    /// <summary>Azure Table storage's limit on the operations of one transaction.</summary>
    private const int MaxBatch = 100;

    public Task<JobRecord?> GetAsync(string pool, long jobId, CancellationToken cancellationToken) =>
        table.RunAsync(
            async client =>
            {
                var found = await client.GetEntityIfExistsAsync<TableEntity>(pool, RowKey(jobId), cancellationToken: cancellationToken);
                return found.HasValue ? FromEntity(found.Value!) : null;
            },
            cancellationToken);

    public Task<IReadOnlyList<JobRecord>> ListAsync(string pool, JobState state, CancellationToken cancellationToken) =>
        table.RunAsync<IReadOnlyList<JobRecord>>(
            async client =>
            {
                var found = new List<JobRecord>();
                var name = state.ToString();
                await foreach (var entity in client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {pool} and State eq {name}"), cancellationToken: cancellationToken))
                {
                    found.Add(FromEntity(entity));
                }

                return found;
            },
            cancellationToken);

    public Task<int> DeleteCreatedBeforeAsync(string pool, DateTimeOffset before, CancellationToken cancellationToken) =>
        table.RunAsync(
            async client =>
            {
                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {pool} and CreatedAt lt {before}");
                var batch = new List<TableTransactionAction>();
                var deleted = 0;
                await foreach (var entity in client.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
                {
                    batch.Add(new TableTransactionAction(TableTransactionActionType.Delete, entity, ETag.All));
                    if (batch.Count == MaxBatch)
                    {
                        deleted += await DeleteAsync(client, batch, cancellationToken);
                    }
                }

                return deleted + (batch.Count > 0 ? await DeleteAsync(client, batch, cancellationToken) : 0);
            },
            cancellationToken);

    /// <summary>One entity-group transaction (at most <see cref="MaxBatch"/> rows of one partition); the batch is emptied.</summary>
    private static async Task<int> DeleteAsync(TableClient client, List<TableTransactionAction> batch, CancellationToken cancellationToken)
    {
        await client.SubmitTransactionAsync(batch, cancellationToken);
        var count = batch.Count;
        batch.Clear();
        return count;
    }

    public Task<JobRecord?> TryAddAsync(JobRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return table.RunAsync(
            async client =>
            {
                try
                {
                    var response = await client.AddEntityAsync(ToEntity(record), cancellationToken);
                    return record with { ETag = response.Headers.ETag?.ToString() ?? "" };
                }
                catch (RequestFailedException ex) when (ex.Status == 409)
                {
                    return null;
                }
            },
            cancellationToken);
    }

    public Task<JobRecord?> TryUpdateAsync(JobRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return table.RunAsync(
            async client =>
            {
                try
                {
                    var response = await client.UpdateEntityAsync(ToEntity(record), new ETag(record.ETag), TableUpdateMode.Replace, cancellationToken);
                    return record with { ETag = response.Headers.ETag?.ToString() ?? "" };
                }
                catch (RequestFailedException ex) when (ex.Status is 404 or 412)
                {
                    return null;
                }
            },
            cancellationToken);
    }

    private static string RowKey(long jobId) => jobId.ToString("D20", CultureInfo.InvariantCulture);

    private static TableEntity ToEntity(JobRecord r) => new(r.Pool, RowKey(r.JobId))
    {
        ["State"] = r.State.ToString(),
        ["Repository"] = r.Repository,
        ["Visibility"] = r.Visibility?.ToString(),
        ["RunId"] = r.RunId,
        ["InstallationId"] = r.InstallationId,
        ["VmName"] = r.VmName,
        ["RunnerName"] = r.RunnerName,
        ["LeaseUntil"] = r.LeaseUntil,
        ["CreatedAt"] = r.CreatedAt,
        ["StartedAt"] = r.StartedAt,
        ["CompletedAt"] = r.CompletedAt,
        ["Conclusion"] = r.Conclusion,
        ["Failure"] = r.Failure,
        ["Rerun"] = r.Rerun,
        ["Requeues"] = r.Requeues,
    };

    private static JobRecord FromEntity(TableEntity e) => new()
    {
        Pool = e.PartitionKey,
        JobId = long.Parse(e.RowKey, CultureInfo.InvariantCulture),
        State = Enum.Parse<JobState>(e.GetString("State")),
        Repository = e.GetString("Repository") ?? "",
        Visibility = Enum.TryParse<RepositoryVisibility>(e.GetString("Visibility"), out var visibility) ? visibility : null,
        RunId = e.GetInt64("RunId") ?? 0,
        InstallationId = e.GetInt64("InstallationId"),
        VmName = e.GetString("VmName"),
        RunnerName = e.GetString("RunnerName"),
        LeaseUntil = e.GetDateTimeOffset("LeaseUntil"),
        CreatedAt = e.GetDateTimeOffset("CreatedAt"),
        StartedAt = e.GetDateTimeOffset("StartedAt"),
        CompletedAt = e.GetDateTimeOffset("CompletedAt"),
        Conclusion = e.GetString("Conclusion"),
        Failure = e.GetString("Failure"),
        Rerun = e.GetBoolean("Rerun") ?? false,
        Requeues = e.GetInt32("Requeues") ?? 0,
        ETag = e.ETag.ToString(),
    };
}
