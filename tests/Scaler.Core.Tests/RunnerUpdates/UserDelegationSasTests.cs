using System.Net;
using System.Text;
using System.Web;
using System.Xml.Linq;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Scaler.Core.Runners.CloudInit;
using Scaler.Core.RunnerUpdates;

namespace Scaler.Core.Tests.RunnerUpdates;

/// <summary>
/// The mirror signing as the app's identity: a blob client without the account key asks Blob storage for a user
/// delegation key. Azurite issues none without OAuth over https, so Blob storage's two answers are stubbed.
/// </summary>
public sealed class UserDelegationSasTests : IDisposable
{
    private const string Version = "2.330.0";
    private static readonly string Sha256 = new('a', 64);
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
    private readonly BlobStorageStub storage = new();
    private readonly ServiceProvider http = new ServiceCollection().AddHttpClient().BuildServiceProvider();

    public void Dispose() => http.Dispose();

    [Fact]
    public async Task Mirror_NoAccountKey_SignsAnHttpsOnlyReadSasWithADelegationKey()
    {
        var release = await Mirror().MirrorAsync(new RunnerRelease(Version, new Uri("https://github.com/unused"), Sha256), "linux-x64", CancellationToken.None);

        Assert.Equal($"https://scalerabc.blob.core.windows.net/runner-packages/{Version}/actions-runner-linux-x64-{Version}.tar.gz", release.DownloadUrl.GetLeftPart(UriPartial.Path));
        var query = HttpUtility.ParseQueryString(release.DownloadUrl.Query);
        Assert.Equal(("r", "b", "https"), (query["sp"], query["sr"], query["spr"]));
        Assert.Equal(BlobStorageStub.ObjectId, query["skoid"]);
        Assert.Equal("2026-11-28T14:00:00Z", query["se"]);
        Assert.False(string.IsNullOrEmpty(query["sig"]));
        Assert.StartsWith("#cloud-config", CloudInitBuilder.BuildPreview(Version, release.DownloadUrl, Sha256), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mirror_NoAccountKey_KeepsTheDelegationKeyWhileItOutlivesANewSas()
    {
        var mirror = Mirror();
        var release = new RunnerRelease(Version, new Uri("https://github.com/unused"), Sha256);

        await mirror.MirrorAsync(release, "linux-x64", CancellationToken.None);
        time.Advance(TimeSpan.FromHours(19));
        await mirror.MirrorAsync(release, "linux-x64", CancellationToken.None);
        var keptKeys = storage.KeyRequests;
        time.Advance(TimeSpan.FromHours(1));
        await mirror.MirrorAsync(release, "linux-x64", CancellationToken.None);

        Assert.Equal((1, 2), (keptKeys, storage.KeyRequests));
    }

    private RunnerPackageMirror Mirror()
    {
        var options = new BlobClientOptions { Transport = new HttpClientTransport(storage) };
        options.Retry.MaxRetries = 0;
        var blobs = new BlobServiceClient(new Uri("https://scalerabc.blob.core.windows.net/"), new StaticToken(), options);
        return new RunnerPackageMirror(blobs, http.GetRequiredService<IHttpClientFactory>(), time, NullLogger<RunnerPackageMirror>.Instance);
    }

    /// <summary>A blob that holds the package (by its metadata), and user delegation keys for the times asked.</summary>
    private sealed class BlobStorageStub : HttpMessageHandler
    {
        public const string ObjectId = "00000000-0000-0000-0000-00000000000a";

        public int KeyRequests { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Head)
            {
                var found = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
                found.Headers.Add("x-ms-meta-" + RunnerPackageMirror.Sha256Metadata, Sha256);
                found.Headers.Add("x-ms-blob-type", "BlockBlob");
                found.Headers.ETag = new System.Net.Http.Headers.EntityTagHeaderValue("\"0x1\"");
                return found;
            }

            if (request.Method == HttpMethod.Post && request.RequestUri!.Query.Contains("comp=userdelegationkey", StringComparison.Ordinal))
            {
                KeyRequests++;
                var keyInfo = XDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken)).Root!;
                var body = $"""
                    <?xml version="1.0" encoding="utf-8"?>
                    <UserDelegationKey><SignedOid>{ObjectId}</SignedOid><SignedTid>00000000-0000-0000-0000-00000000000b</SignedTid>
                    <SignedStart>{keyInfo.Element("Start")!.Value}</SignedStart><SignedExpiry>{keyInfo.Element("Expiry")!.Value}</SignedExpiry>
                    <SignedService>b</SignedService><SignedVersion>2025-01-05</SignedVersion><Value>{Convert.ToBase64String(new byte[32])}</Value></UserDelegationKey>
                    """;
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/xml") };
            }

            return new HttpResponseMessage(HttpStatusCode.BadRequest);
        }
    }

    private sealed class StaticToken : TokenCredential
    {
        private static readonly AccessToken Token = new("token", DateTimeOffset.MaxValue);

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => Token;

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(Token);
    }
}
