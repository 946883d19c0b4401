using Scaler.Emulators.Common;

namespace Scaler.Cli.Sandbox;

/// <summary>
/// Azurite's blob, queue and table services behind one <see cref="TcpFaultProxy"/> each, so that storage can go away
/// for a few seconds, as in an outage, without losing what Azurite holds (it runs in memory: killing it would).
/// </summary>
public sealed class StorageProxy : IAsyncDisposable
{
    private readonly TcpFaultProxy[] proxies;

    private StorageProxy(TcpFaultProxy blob, TcpFaultProxy queue, TcpFaultProxy table)
    {
        proxies = [blob, queue, table];
        ConnectionString = AzuriteProcess.ConnectionStringFor(blob.Port, queue.Port, table.Port);
    }

    /// <summary>The connection string that reaches Azurite through the proxies.</summary>
    public string ConnectionString { get; }

    /// <summary>Connections reset by outages so far.</summary>
    public long Refused => proxies.Sum(p => p.Refused);

    public static async Task<StorageProxy> StartAsync(AzuriteProcess azurite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        return new StorageProxy(
            await TcpFaultProxy.StartAsync(azurite.BlobPort, cancellationToken),
            await TcpFaultProxy.StartAsync(azurite.QueuePort, cancellationToken),
            await TcpFaultProxy.StartAsync(azurite.TablePort, cancellationToken));
    }

    /// <summary>Starts the outage: every storage connection is reset, open or new, until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        foreach (var proxy in proxies)
        {
            proxy.Cut();
        }
    }

    public void Restore()
    {
        foreach (var proxy in proxies)
        {
            proxy.Restore();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var proxy in proxies)
        {
            await proxy.DisposeAsync();
        }
    }
}
