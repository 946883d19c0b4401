using System.Globalization;
using System.Text;
using System.Web;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Scaler.Core.Failures;
using Scaler.Core.Pools;
using Scaler.Core.RunnerUpdates;
using Scaler.Core.Tests.Fakes;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.RunnerUpdates;

/// <summary>The mirror over Azurite, downloading from an in-memory github.com.</summary>
public sealed class RunnerPackageMirrorTests : IDisposable
{
    private readonly FakeGitHubDownloads downloads = new();
    private readonly FakeGitHubRunners github = new();
    private readonly FakeLogCollector logs = new();
    private readonly BlobServiceClient blobs = new(Azurite.ConnectionString);
    private readonly ServiceProvider http;

    /// <summary>Azurite checks each SAS against its own clock, so the fake clock starts at the real time.</summary>
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);

    /// <summary>A version of its own for each test, so tests never share a blob.</summary>
    private readonly string version = $"2.{Random.Shared.Next(1_000, 1_000_000)}.0";

    private readonly PoolOptions pool = new() { Name = "linux-x64", Owner = "contoso", Labels = ["linux", "x64"] };

    public RunnerPackageMirrorTests()
    {
        var services = new ServiceCollection();
        services.AddHttpClient(RunnerPackageMirror.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => downloads);
        http = services.BuildServiceProvider();
        github.Releases.Clear();
        github.Releases.Add(FakeGitHubRunners.Release(version, time.GetUtcNow().AddDays(-1)));
    }

    private Uri GitHubUrl => GitHubRunnerReleases.TarballUrl(version, "linux-x64");

    private BlobClient Blob => blobs.GetBlobContainerClient(RunnerPackageMirror.ContainerName).GetBlobClient(RunnerPackageMirror.BlobName(version, "linux-x64"));

    /// <summary>What the fake GitHub's checksum for the version's linux-x64 package is the SHA-256 of.</summary>
    private byte[] GenuinePackage => Encoding.UTF8.GetBytes($"linux-x64-{version}");

    public void Dispose() => http.Dispose();

    [Fact]
    public async Task Mirror_FirstCall_UploadsAndItsSasUrlDownloadsTheSameBytes()
    {
        var (bytes, sha256) = downloads.Serve(GitHubUrl);

        var mirrored = await Mirror().MirrorAsync(Release(sha256), "linux-x64", CancellationToken.None);

        Assert.Equal(bytes, await DownloadAsync(mirrored.DownloadUrl));
        Assert.Equal((version, sha256), (mirrored.Version, mirrored.Sha256));
        Assert.EndsWith($"/runner-packages/{version}/actions-runner-linux-x64-{version}.tar.gz", mirrored.DownloadUrl.AbsolutePath, StringComparison.Ordinal);
        var query = HttpUtility.ParseQueryString(mirrored.DownloadUrl.Query);
        Assert.Equal(("r", "b"), (query["sp"], query["sr"]));
        Assert.Equal((time.GetUtcNow() + RunnerPackageMirror.SasLifetime).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), query["se"]);
        Assert.Equal(sha256, (await Blob.GetPropertiesAsync()).Value.Metadata[RunnerPackageMirror.Sha256Metadata]);
        var log = Assert.Single(logs.GetSnapshot());
        Assert.Equal((1605, "RunnerPackageMirrored", LogLevel.Information), (log.Id.Id, log.Id.Name, log.Level));
        Assert.DoesNotContain("sig=", log.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mirror_SecondCall_ReusesTheBlobWithoutDownloading()
    {
        var (bytes, sha256) = downloads.Serve(GitHubUrl);
        await Mirror().MirrorAsync(Release(sha256), "linux-x64", CancellationToken.None);

        var again = await Mirror().MirrorAsync(Release(sha256), "linux-x64", CancellationToken.None);

        Assert.Single(downloads.Requests);
        Assert.Single(logs.GetSnapshot());
        Assert.Equal(bytes, await DownloadAsync(again.DownloadUrl));
    }

    [Fact]
    public async Task Mirror_ChecksumDiffers_ThrowsAndUploadsNothing()
    {
        downloads.Serve(GitHubUrl);

        var error = await Assert.ThrowsAsync<AdapterException>(() => Mirror().MirrorAsync(Release(new string('0', 64)), "linux-x64", CancellationToken.None));

        Assert.Equal((AdapterName.Blob, FailureKind.Invalid), (error.Adapter, error.Kind));
        Assert.Contains("nothing was uploaded", error.Message, StringComparison.Ordinal);
        Assert.False((await Blob.ExistsAsync()).Value);
        Assert.Empty(logs.GetSnapshot());
    }

    [Fact]
    public async Task Mirror_GitHubAnswers404_ThrowsAndUploadsNothing()
    {
        var error = await Assert.ThrowsAsync<AdapterException>(() => Mirror().MirrorAsync(Release(new string('0', 64)), "linux-x64", CancellationToken.None));

        Assert.Equal((AdapterName.Blob, FailureKind.NotFound), (error.Adapter, error.Kind));
        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.False((await Blob.ExistsAsync()).Value);
    }

    [Fact]
    public async Task Mirror_BlobHoldsAnotherChecksum_ReplacesIt()
    {
        var (bytes, sha256) = downloads.Serve(GitHubUrl);
        await blobs.GetBlobContainerClient(RunnerPackageMirror.ContainerName).CreateIfNotExistsAsync();
        await Blob.UploadAsync(BinaryData.FromString("stale"), new BlobUploadOptions { Metadata = new Dictionary<string, string> { [RunnerPackageMirror.Sha256Metadata] = new('0', 64) } });

        var mirrored = await Mirror().MirrorAsync(Release(sha256), "linux-x64", CancellationToken.None);

        Assert.Equal(bytes, await DownloadAsync(mirrored.DownloadUrl));
        Assert.Single(downloads.Requests);
    }

    [Fact]
    public async Task GetCurrent_MirrorOn_ServesTheSasUrlOfTheMirroredPackage()
    {
        downloads.Serve(GitHubUrl, GenuinePackage);

        var release = await Releases(mirrored: true).GetCurrentAsync(pool, CancellationToken.None);

        Assert.Equal(Blob.Uri.AbsolutePath, release.DownloadUrl.AbsolutePath);
        Assert.Equal(GenuinePackage, await DownloadAsync(release.DownloadUrl));
        Assert.Equal("RunnerPackageMirrored", Assert.Single(logs.GetSnapshot()).Id.Name);
    }

    [Fact]
    public async Task GetCurrent_MirroredChecksumDiffers_ServesGitHubsUrlAndWarns()
    {
        downloads.Serve(GitHubUrl, Encoding.UTF8.GetBytes("tampered"));

        var release = await Releases(mirrored: true).GetCurrentAsync(pool, CancellationToken.None);

        Assert.Equal(GitHubUrl, release.DownloadUrl);
        Assert.False((await Blob.ExistsAsync()).Value);
        var log = Assert.Single(logs.GetSnapshot());
        Assert.Equal((1604, "RunnerMirrorFailed", LogLevel.Warning), (log.Id.Id, log.Id.Name, log.Level));
        Assert.Contains(GitHubUrl.AbsoluteUri, log.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCurrent_MirrorOff_ChangesNothing()
    {
        downloads.Serve(GitHubUrl, GenuinePackage);

        var release = await Releases(mirrored: false).GetCurrentAsync(pool, CancellationToken.None);

        Assert.Equal(new RunnerRelease(version, GitHubUrl, FakeGitHubRunners.Checksum(version, "linux-x64")), release);
        Assert.Empty(downloads.Requests);
        Assert.False((await Blob.ExistsAsync()).Value);
        Assert.Empty(logs.GetSnapshot());
    }

    private RunnerRelease Release(string sha256) => new(version, GitHubUrl, sha256);

    private RunnerPackageMirror Mirror() =>
        new(blobs, http.GetRequiredService<IHttpClientFactory>(), time, new FakeLogger<RunnerPackageMirror>(logs));

    private GitHubRunnerReleases Releases(bool mirrored) =>
        new(github, Mirror(), Options.Create(new RunnerUpdateOptions { Mirror = mirrored }), time, new FakeLogger<GitHubRunnerReleases>(logs));

    private static async Task<byte[]> DownloadAsync(Uri url)
    {
        using var client = new HttpClient();
        return await client.GetByteArrayAsync(url);
    }
}
