using Azure;
using Azure.Data.Tables;
using Scaler.Core.Failures;

namespace Scaler.Core.State;

/// <summary>
/// The one way to a table: creates it on first use (and tries again if that failed), and turns a storage failure
/// that the adapter did not handle itself into an <see cref="AdapterException"/> of <see cref="AdapterName.Table"/>.
/// </summary>
public sealed class LazyTable(TableClient client)
{
    private Task? creation;

    /// <summary>Runs <paramref name="call"/> on the table; statuses it expects it catches itself, inside the call.</summary>
    public async Task<T> RunAsync<T>(Func<TableClient, Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            await CreateAsync(cancellationToken);
            return await call(client);
        }
        catch (RequestFailedException e)
        {
            throw StorageFailures.Map(AdapterName.Table, e, "table " + client.Name);
        }
    }

    /// <inheritdoc cref="RunAsync{T}"/>
    public Task RunAsync(Func<TableClient, Task> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        return RunAsync(
            async table =>
            {
                await call(table);
                return true;
            },
            cancellationToken);
    }

    private Task CreateAsync(CancellationToken cancellationToken)
    {
        var task = creation;
        if (task is null || task.IsFaulted || task.IsCanceled)
        {
            task = client.CreateIfNotExistsAsync(cancellationToken);
            creation = task;
        }

        return task.WaitAsync(cancellationToken);
    }
}
