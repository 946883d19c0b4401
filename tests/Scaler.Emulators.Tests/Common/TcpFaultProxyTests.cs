using System.Net;
using System.Net.Sockets;
using System.Text;
using Scaler.Emulators.Common;

namespace Scaler.Emulators.Tests.Common;

/// <summary>The cuttable proxy in front of an echo server: it passes bytes, resets everything while cut, and passes again when restored.</summary>
public sealed class TcpFaultProxyTests : IAsyncDisposable
{
    private readonly TcpListener echo = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private Task? serving;

    [Fact]
    public async Task Proxy_NotCut_PassesBytesBothWays()
    {
        await using var proxy = await StartAsync();
        using var client = await ConnectAsync(proxy);

        Assert.Equal("hello", await ExchangeAsync(client, "hello"));
        Assert.Equal("again", await ExchangeAsync(client, "again"));
        Assert.False(proxy.IsCut);
        Assert.Equal(0, proxy.Refused);
    }

    [Fact]
    public async Task Cut_OpenConnection_IsReset()
    {
        await using var proxy = await StartAsync();
        using var client = await ConnectAsync(proxy);
        Assert.Equal("before", await ExchangeAsync(client, "before"));

        proxy.Cut();

        var error = await Assert.ThrowsAsync<SocketException>(() => ExchangeAsync(client, "during"));
        Assert.Equal(SocketError.ConnectionReset, error.SocketErrorCode);
        Assert.True(proxy.IsCut);
    }

    [Fact]
    public async Task Cut_NewConnection_IsResetUntilRestored()
    {
        await using var proxy = await StartAsync();

        proxy.Cut();
        var error = await Assert.ThrowsAsync<SocketException>(async () =>
        {
            // The reset may come while connecting or at the first read, depending on when the proxy accepts.
            using var during = await ConnectAsync(proxy);
            await ExchangeAsync(during, "during");
        });
        proxy.Restore();
        using var after = await ConnectAsync(proxy);

        Assert.Equal(SocketError.ConnectionReset, error.SocketErrorCode);
        Assert.Equal("after", await ExchangeAsync(after, "after"));
        Assert.Equal(1, proxy.Refused);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        echo.Stop();
        if (serving is not null)
        {
            await serving;
        }

        stop.Dispose();
    }

    private async Task<TcpFaultProxy> StartAsync()
    {
        echo.Start();
        serving = EchoAsync(stop.Token);
        return await TcpFaultProxy.StartAsync(((IPEndPoint)echo.LocalEndpoint).Port, CancellationToken.None);
    }

    private static async Task<Socket> ConnectAsync(TcpFaultProxy proxy)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, proxy.Port));
        return socket;
    }

    /// <summary>Sends <paramref name="text"/> and reads the echo; a connection closed without a reset reads as an empty answer.</summary>
    private static async Task<string> ExchangeAsync(Socket socket, string text)
    {
        await socket.SendAsync(Encoding.UTF8.GetBytes(text), SocketFlags.None);
        var buffer = new byte[64];
        var read = 0;
        while (read < text.Length)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    private async Task EchoAsync(CancellationToken cancellationToken)
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var socket = await echo.AcceptSocketAsync(cancellationToken);
                connections.Add(EchoOneAsync(socket, cancellationToken));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        await Task.WhenAll(connections);
    }

    private static async Task EchoOneAsync(Socket socket, CancellationToken cancellationToken)
    {
        using (socket)
        {
            var buffer = new byte[64];
            try
            {
                int n;
                while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
                {
                    await socket.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, cancellationToken);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                // The proxy reset it, or the test ended.
            }
        }
    }
}
