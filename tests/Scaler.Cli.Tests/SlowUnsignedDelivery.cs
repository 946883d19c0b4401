using System.Net.Sockets;
using System.Text;

namespace Scaler.Cli.Tests;

/// <summary>
/// The attack of issue 13: an unsigned webhook POST over a raw connection that declares a large body and then sends
/// it a few hundred bytes a second. It asks for <c>100 Continue</c>, which Kestrel sends once the handler starts
/// reading the body, so the test knows when the server holds it.
/// </summary>
internal sealed class SlowUnsignedDelivery : IDisposable
{
    private readonly TcpClient client;
    private readonly NetworkStream stream;

    private SlowUnsignedDelivery(TcpClient client)
    {
        this.client = client;
        stream = client.GetStream();
    }

    public long BytesSent { get; private set; }

    /// <summary>Whether sending failed: the server closed or reset the connection.</summary>
    public bool Broken { get; private set; }

    /// <summary>Connects and sends the headers, declaring <paramref name="declaredLength"/> body bytes.</summary>
    public static async Task<SlowUnsignedDelivery> OpenAsync(Uri server, long declaredLength, CancellationToken cancellationToken)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(server.Host, server.Port, cancellationToken);
        var delivery = new SlowUnsignedDelivery(client);
        var head = $"POST /api/github/webhook HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: application/json\r\n"
            + $"Content-Length: {declaredLength}\r\nX-GitHub-Event: workflow_job\r\nX-GitHub-Delivery: {Guid.NewGuid()}\r\n"
            + $"X-Hub-Signature-256: sha256={new string('0', 64)}\r\nExpect: 100-continue\r\n\r\n";
        await delivery.stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
        return delivery;
    }

    /// <summary>The status line of the server's first answer: <c>HTTP/1.1 100 Continue</c> once it reads the body.</summary>
    public async Task<string> ReadFirstStatusLineAsync(CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(received))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                return received.Count == 0 ? "(connection closed)" : Encoding.ASCII.GetString([.. received]);
            }

            received.Add(one[0]);
        }

        return Encoding.ASCII.GetString([.. received]).Split("\r\n")[0];
    }

    /// <summary>Sends <paramref name="count"/> more body bytes; a closed connection marks it <see cref="Broken"/>.</summary>
    public async Task SendAsync(int count, CancellationToken cancellationToken)
    {
        if (Broken || count <= 0)
        {
            return;
        }

        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(new string('x', count)), cancellationToken);
            BytesSent += count;
        }
        catch (IOException)
        {
            Broken = true;
        }
    }

    /// <summary>Everything the server sends until it closes the connection.</summary>
    public async Task<string> ReadToEndAsync(CancellationToken cancellationToken)
    {
        using var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, cancellationToken);
        }
        catch (IOException)
        {
            // A reset after the answer: what arrived before it is the answer.
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }

    /// <summary>Whether the server has answered or closed the connection since the interim response.</summary>
    public bool Answered => Broken || client.Client.Poll(0, SelectMode.SelectRead);

    public void Dispose() => client.Dispose();

    private static bool EndsWithBlankLine(List<byte> bytes) =>
        bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n';
}
