using System.Net;
using System.Security.Cryptography;
using Azure;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Microsoft.Extensions.Logging;
using Scaler.Core.Failures;

namespace Scaler.Core.RunnerUpdates;

/// <summary>
/// Keeps the runner packages new VMs install in the app's storage account, container <see cref="ContainerName"/>,
/// blob <c>{version}/actions-runner-{platform}-{version}.tar.gz</c>, and hands out read-only SAS URLs to them. A
/// missing package is downloaded from the release's URL into a temporary file while its SHA-256 is computed, and
/// uploaded with that checksum in its metadata only when it is the release's; a blob whose metadata has the
/// release's checksum is reused as it is. A SAS lasts <see cref="SasLifetime"/> and is signed with the account key
/// when the client has one (a connection string, Azurite), otherwise with a user delegation key of the app's
/// identity, kept until shortly before it expires. Every failure, of storage or of the download, leaves as an
/// <see cref="AdapterException"/> of <see cref="AdapterName.Blob"/>.
/// </summary>
public sealed partial class RunnerPackageMirror(BlobServiceClient blobs, IHttpClientFactory httpClients, TimeProvider time, ILogger<RunnerPackageMirror> logger)
    : IRunnerPackageMirror, IDisposable
{
    public const string ContainerName = "runner-packages";

    /// <summary>The named <see cref="HttpClient"/> that downloads packages from GitHub.</summary>
    public const string HttpClientName = "runner-packages";

    /// <summary>The blob metadata that holds the package's SHA-256, lower-case hexadecimal.</summary>
    public const string Sha256Metadata = "sha256";

    /// <summary>A runner package is about 200 MB; a larger download is refused.</summary>
    public const long MaxPackageBytes = 1L << 30;

    public static readonly TimeSpan SasLifetime = TimeSpan.FromHours(4);

    /// <summary>A SAS and a delegation key are valid from this long before now, for clocks that run behind.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan KeyLifetime = TimeSpan.FromDays(1);

    /// <summary>One copy or signature at a time, so concurrent callers wait for a download rather than repeat it.</summary>
    private readonly SemaphoreSlim gate = new(1, 1);
    private UserDelegationKey? delegationKey;

    public static string BlobName(string version, string platform) => $"{version}/actions-runner-{platform}-{version}.tar.gz";

    public async Task<RunnerRelease> MirrorAsync(RunnerRelease release, string platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(release);
        var blob = blobs.GetBlobContainerClient(ContainerName).GetBlobClient(BlobName(release.Version, platform));
        await gate.WaitAsync(cancellationToken);
        try
        {
            await EnsureAsync(blob, release, cancellationToken);
            return release with { DownloadUrl = await SignAsync(blob, cancellationToken) };
        }
        catch (RequestFailedException e)
        {
            throw StorageFailures.Map(AdapterName.Blob, e, $"{ContainerName}/{blob.Name}");
        }
        catch (AuthenticationFailedException e)
        {
            throw Failure(FailureKind.Unauthorized, $"the app's identity has no token for the storage account: {e.Message}", e);
        }
        catch (HttpRequestException e)
        {
            var kind = e.StatusCode == HttpStatusCode.NotFound ? FailureKind.NotFound : FailureKind.Transient;
            throw Failure(kind, $"cannot download {RunnerRelease.WithoutQuery(release.DownloadUrl)}: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw Failure(FailureKind.Transient, $"cannot keep the package in a temporary file: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failure(FailureKind.Transient, $"timed out copying {RunnerRelease.WithoutQuery(release.DownloadUrl)}", e);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    private static AdapterException Failure(FailureKind kind, string message, Exception? inner = null) =>
        new(AdapterName.Blob, kind, message, inner: inner);

    /// <summary>Uploads the package unless the blob already holds it (by its SHA-256 metadata).</summary>
    private async Task EnsureAsync(BlobClient blob, RunnerRelease release, CancellationToken cancellationToken)
    {
        var sha256 = release.Sha256.ToLowerInvariant();
        var (holds, etag) = await InspectAsync(blob, sha256, cancellationToken);
        if (holds)
        {
            return;
        }

        await using var package = await DownloadAsync(release, sha256, cancellationToken);
        await blobs.GetBlobContainerClient(ContainerName).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var upload = new BlobUploadOptions
        {
            Metadata = new Dictionary<string, string> { [Sha256Metadata] = sha256 },
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/gzip" },
            // Replaces only the blob this call inspected: another instance may be uploading the same package.
            Conditions = etag is { } seen ? new BlobRequestConditions { IfMatch = seen } : new BlobRequestConditions { IfNoneMatch = ETag.All },
        };
        try
        {
            await blob.UploadAsync(package, upload, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            if ((await InspectAsync(blob, sha256, cancellationToken)).Holds)
            {
                return;
            }

            throw;
        }

        LogMirrored(logger, release.Version, ContainerName, blob.Name, package.Length);
    }

    private static async Task<(bool Holds, ETag? ETag)> InspectAsync(BlobClient blob, string sha256, CancellationToken cancellationToken)
    {
        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            var holds = properties.Metadata.TryGetValue(Sha256Metadata, out var stored) && string.Equals(stored, sha256, StringComparison.OrdinalIgnoreCase);
            return (holds, properties.ETag);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return (false, null);
        }
    }

    /// <summary>The package in a temporary file (deleted on dispose), positioned at its start; only when its SHA-256 is <paramref name="sha256"/>.</summary>
    private async Task<FileStream> DownloadAsync(RunnerRelease release, string sha256, CancellationToken cancellationToken)
    {
        var file = new FileStream(
            Path.Combine(Path.GetTempPath(), "scaler-" + Path.GetRandomFileName()),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 81920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            using var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.GetAsync(release.DownloadUrl, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (file.Length + read > MaxPackageBytes)
                {
                    throw Failure(FailureKind.Invalid, $"{RunnerRelease.WithoutQuery(release.DownloadUrl)} is larger than {MaxPackageBytes} bytes; nothing was uploaded");
                }

                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (actual != sha256)
            {
                throw Failure(
                    FailureKind.Invalid,
                    $"{RunnerRelease.WithoutQuery(release.DownloadUrl)} has SHA-256 {actual}, not the release's {sha256}; nothing was uploaded");
            }

            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    /// <summary>A read-only SAS URL of the one blob, https only when the endpoint is https.</summary>
    private async Task<Uri> SignAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, now + SasLifetime)
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
            StartsOn = now - ClockSkew,
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(sas);
        }

        var key = await DelegationKeyAsync(now, cancellationToken);
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key, blobs.AccountName) }.ToUri();
    }

    /// <summary>The cached key while it outlives a SAS signed now; a new one, valid for a day, otherwise.</summary>
    private async Task<UserDelegationKey> DelegationKeyAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (delegationKey is { } cached && cached.SignedExpiresOn > now + SasLifetime + ClockSkew)
        {
            return cached;
        }

        delegationKey = (await blobs.GetUserDelegationKeyAsync(now - ClockSkew, now + KeyLifetime, cancellationToken)).Value;
        return delegationKey;
    }

    [LoggerMessage(EventId = 1605, EventName = "RunnerPackageMirrored", Level = LogLevel.Information,
        Message = "Mirrored actions/runner {Version} to {Container}/{Blob} ({Bytes} bytes); new VMs download it from there")]
    private static partial void LogMirrored(ILogger logger, string version, string container, string blob, long bytes);
}
