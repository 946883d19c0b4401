using System.Text.RegularExpressions;
using Scaler.Core.RunnerUpdates;

namespace Scaler.Core.Runners.CloudInit;

/// <summary>
/// What a runner VM needs at boot: the actions/runner release to install (version, tarball URL, SHA-256) and the
/// runner's JIT config. Nothing a workflow author controls (labels, repository or branch names) is part of it.
/// </summary>
/// <param name="RunnerVersion">Such as <c>2.330.0</c>.</param>
/// <param name="DownloadUrl">The <c>actions-runner-linux-x64-&lt;version&gt;.tar.gz</c> tarball, over https; a SAS URL (a credential) when mirrored.</param>
/// <param name="Sha256">The tarball's SHA-256 as 64 hexadecimal digits.</param>
/// <param name="EncodedJitConfig">The <c>encoded_jit_config</c> from generate-jitconfig: base64. A secret.</param>
public sealed partial record RunnerBoot(string RunnerVersion, Uri DownloadUrl, string Sha256, string EncodedJitConfig)
{
    /// <summary>JIT configs are a few KB; this bound keeps customData far below Azure's 64 KB.</summary>
    public const int MaxJitConfigLength = 32 * 1024;

    public const int MaxUrlLength = 2048;

    /// <summary>Keeps the JIT config and the download URL's query (a SAS when mirrored) out of logs and exception messages.</summary>
    public override string ToString() =>
        $"RunnerBoot {{ RunnerVersion = {RunnerVersion}, DownloadUrl = {RunnerRelease.WithoutQuery(DownloadUrl)}, Sha256 = {Sha256}, EncodedJitConfig = *** }}";

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value that is not as expected.</summary>
    internal void Validate()
    {
        ValidateRelease(RunnerVersion, DownloadUrl, Sha256);
        ValidateJitConfig(EncodedJitConfig);
    }

    internal static void ValidateRelease(string runnerVersion, Uri downloadUrl, string sha256)
    {
        if (runnerVersion is null || runnerVersion.Length > 32 || !Version().IsMatch(runnerVersion))
        {
            throw new ArgumentException("The runner version must be three dot-separated numbers, such as 2.330.0.", nameof(runnerVersion));
        }

        if (sha256 is null || !Sha256Hex().IsMatch(sha256))
        {
            throw new ArgumentException("The runner tarball's SHA-256 must be 64 hexadecimal digits.", nameof(sha256));
        }

        if (downloadUrl is null || !downloadUrl.IsAbsoluteUri || downloadUrl.Scheme != Uri.UriSchemeHttps
            || !string.IsNullOrEmpty(downloadUrl.UserInfo) || !string.IsNullOrEmpty(downloadUrl.Fragment)
            || downloadUrl.OriginalString.Length > MaxUrlLength
            || !SafeUrl().IsMatch(downloadUrl.OriginalString) || !SafeUrl().IsMatch(downloadUrl.AbsoluteUri))
        {
            throw new ArgumentException(
                "The runner download URL must be an https URL of letters, digits and . _ ~ / % - (and a query of those with = &), without user info or fragment.",
                nameof(downloadUrl));
        }
    }

    internal static void ValidateJitConfig(string encodedJitConfig)
    {
        if (string.IsNullOrEmpty(encodedJitConfig) || encodedJitConfig.Length > MaxJitConfigLength
            || encodedJitConfig.Length % 4 != 0 || !Base64().IsMatch(encodedJitConfig))
        {
            // The value itself is a secret: never part of the message.
            throw new ArgumentException($"The encoded JIT config must be base64 (A-Z a-z 0-9 + / and = padding), 4 to {MaxJitConfigLength} characters.", nameof(encodedJitConfig));
        }
    }

    [GeneratedRegex("^[0-9]{1,9}\\.[0-9]{1,9}\\.[0-9]{1,9}$", RegexOptions.CultureInvariant)]
    private static partial Regex Version();

    [GeneratedRegex("^[0-9a-fA-F]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Hex();

    [GeneratedRegex("^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?/[A-Za-z0-9._~/%-]*(\\?[A-Za-z0-9._~%=&-]*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeUrl();

    [GeneratedRegex("^[A-Za-z0-9+/]+={0,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex Base64();
}
