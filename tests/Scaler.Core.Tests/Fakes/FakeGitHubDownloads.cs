using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;

namespace Scaler.Core.Tests.Fakes;

/// <summary>github.com's release downloads in memory: the bytes of each tarball by path, and every request made.</summary>
internal sealed class FakeGitHubDownloads : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, byte[]> tarballs = new(StringComparer.Ordinal);

    public ConcurrentQueue<Uri> Requests { get; } = new();

    /// <summary>Serves <paramref name="bytes"/> (random when null) at <paramref name="url"/>; returns them with their SHA-256.</summary>
    public (byte[] Bytes, string Sha256) Serve(Uri url, byte[]? bytes = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        bytes ??= RandomNumberGenerator.GetBytes(300_000);
        tarballs[url.AbsolutePath] = bytes;
        return (bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request.RequestUri!);
        var response = tarballs.TryGetValue(request.RequestUri!.AbsolutePath, out var bytes)
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(bytes) }
            : new HttpResponseMessage(HttpStatusCode.NotFound);
        return Task.FromResult(response);
    }
}
