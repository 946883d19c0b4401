using Azure.Data.Tables;

namespace Scaler.Core.State;

/// <summary>A table client that creates its table on first use, and tries again if that failed.</summary>
public sealed class LazyTable(TableClient client)
{
    private Task? creation;

    public async Task<TableClient> GetAsync(CancellationToken cancellationToken)
    {
        var task = creation;
        if (task is null || task.IsFaulted || task.IsCanceled)
        {
            task = client.CreateIfNotExistsAsync(cancellationToken);
            creation = task;
        }

        await task.WaitAsync(cancellationToken);
        return client;
    }
}
