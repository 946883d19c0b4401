namespace Scaler.Core.RunnerUpdates;

/// <summary>The <c>actions/runner</c> release new VMs install, with the tarball's address and checksum.</summary>
public sealed record RunnerRelease(string Version, Uri DownloadUrl, string Sha256);
