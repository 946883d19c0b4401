using System.Net;
using System.Net.Sockets;

namespace Scaler.Emulators.Common;

/// <summary>
/// A loopback TCP proxy in front of a service (Azurite, say) that can be cut like an outage: while cut, every open
/// connection is reset and every new one is accepted and reset at once, as a client sees a storage endpoint that
/// went away; restored, connections pass again. The service behind it keeps its state, which killing it would not.
/// Start one with <see cref="StartAsync"/>; dispose it to stop listening and reset what is open.
/// </summary>
public sealed class TcpFaultProxy : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly IPEndPoint target;
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock gate = new();
    private readonly HashSet<Socket> open = [];
    private readonly Task accepting;
    private bool cut;
    private long refused;

    private TcpFaultProxy(TcpListener listener, IPEndPoint target)
    {
        this.listener = listener;
        this.target = target;
        accepting = AcceptAsync(stopping.Token);
    }

    /// <summary>The loopback port clients connect to instead of the target's.</summary>
    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Whether the proxy is cut now.</summary>
    public bool IsCut
    {
        get
        {
            lock (gate)
            {
                return cut;
            }
        }
    }

    /// <summary>Client connections reset because the proxy was cut, open ones and new ones.</summary>
    public long Refused => Interlocked.Read(ref refused);

    /// <summary>Listens on a free loopback port and forwards each connection to <paramref name="targetPort"/> on loopback.</summary>
    public static Task<TcpFaultProxy> StartAsync(int targetPort, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return Task.FromResult(new TcpFaultProxy(listener, new IPEndPoint(IPAddress.Loopback, targetPort)));
    }

    /// <summary>Starts the outage: resets every open connection; new ones are reset until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        List<Socket> reset;
        lock (gate)
        {
            cut = true;
            reset = [.. open];
            open.Clear();
        }

        foreach (var socket in reset)
        {
            Reset(socket);
        }
    }

    /// <summary>Ends the outage: new connections pass again.</summary>
    public void Restore()
    {
        lock (gate)
        {
            cut = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        Cut();
        await accepting;
        stopping.Dispose();
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = PassAsync(client, cancellationToken);
        }
    }

    /// <summary>Connects <paramref name="client"/> to the target and copies both ways until either side closes or the proxy is cut.</summary>
    private async Task PassAsync(Socket client, CancellationToken cancellationToken)
    {
        if (!Track(client))
        {
            return;
        }

        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await server.ConnectAsync(target, cancellationToken);
            await Task.WhenAll(CopyAsync(client, server, cancellationToken), CopyAsync(server, client, cancellationToken));
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The target refused, or the proxy was cut or stopped: the client's connection ends below.
        }
        finally
        {
            Untrack(client);
            client.Dispose();
        }
    }

    /// <summary>Copies one direction; when the source closes, the other side's sending half is shut down, as TCP would.</summary>
    private static async Task CopyAsync(Socket from, Socket to, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, cancellationToken);
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Reset by a cut, or by either end: PassAsync closes both.
        }
    }

    /// <summary>Adds an open client connection, or resets it at once when the proxy is cut.</summary>
    private bool Track(Socket socket)
    {
        lock (gate)
        {
            if (!cut)
            {
                open.Add(socket);
                return true;
            }
        }

        Reset(socket);
        return false;
    }

    private void Untrack(Socket socket)
    {
        lock (gate)
        {
            open.Remove(socket);
        }
    }

    /// <summary>Closes with linger zero, so the peer gets a reset (RST), not an orderly end of stream.</summary>
    private void Reset(Socket socket)
    {
        Interlocked.Increment(ref refused);
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }
    }
}
