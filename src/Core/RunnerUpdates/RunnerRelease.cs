namespace Scaler.Core.RunnerUpdates;

/// <summary>
/// The <c>actions/runner</c> release new VMs install, with the tarball's address and checksum. The address may be
/// a SAS URL of the mirror (<see cref="RunnerPackageMirror"/>): a credential, so only its path is printed.
/// </summary>
public sealed record RunnerRelease(string Version, Uri DownloadUrl, string Sha256)
{
    public override string ToString() =>
        $"RunnerRelease {{ Version = {Version}, DownloadUrl = {WithoutQuery(DownloadUrl)}, Sha256 = {Sha256} }}";

    /// <summary>The URL up to its path: a SAS query is a credential and stays out of logs and messages.</summary>
    public static string WithoutQuery(Uri? url) =>
        url is null ? "" : url.IsAbsoluteUri ? url.GetLeftPart(UriPartial.Path) : url.OriginalString.Split('?', '#')[0];
}
