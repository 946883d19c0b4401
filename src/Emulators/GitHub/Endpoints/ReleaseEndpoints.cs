using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Scaler.Emulators.GitHub.Http;
using Scaler.Emulators.GitHub.Json;

namespace Scaler.Emulators.GitHub.Endpoints;

/// <summary>
/// <c>actions/runner</c> releases and runner downloads, from the configured release list. Release bodies carry the
/// package checksums between <c>&lt;!-- BEGIN SHA platform --&gt;</c> markers, as the real release notes do, and
/// they equal the downloads endpoint's <c>sha256_checksum</c>.
/// </summary>
internal static class ReleaseEndpoints
{
    private static readonly (string Os, string Architecture, string Platform, string Extension)[] Platforms =
    [
        ("linux", "x64", "linux-x64", "tar.gz"),
        ("linux", "arm64", "linux-arm64", "tar.gz"),
        ("win", "x64", "win-x64", "zip"),
        ("osx", "arm64", "osx-arm64", "tar.gz"),
    ];

    public static void Map(IEndpointRouteBuilder api, EmulatorContext emulator)
    {
        api.MapGet("/repos/actions/runner/releases/latest", () =>
            emulator.Versions.Latest is { } latest ? Results.Json(ToBody(latest), GitHubJson.Options) : ApiErrors.NotFound())
            .WithMetadata(new AuthRequirementMetadata(AuthRequirement.None));

        // Newest first, 30 a page unless per_page says otherwise (at most 100), with a Link header.
        api.MapGet("/repos/actions/runner/releases", (HttpContext context) =>
            Results.Json(Pagination.Page(context, emulator.Versions.Listed.Select(ToBody).ToList()), GitHubJson.Options))
            .WithMetadata(new AuthRequirementMetadata(AuthRequirement.None));
    }

    public static IReadOnlyList<RunnerDownloadBody> Downloads(EmulatorContext emulator)
    {
        if (emulator.Versions.Latest is not { } latest)
        {
            return [];
        }

        return Platforms.Select(p =>
        {
            var filename = Filename(p.Platform, p.Extension, latest.Version);
            var url = $"https://github.com/actions/runner/releases/download/v{latest.Version}/{filename}";
            return new RunnerDownloadBody(p.Os, p.Architecture, url, filename, Checksum(filename));
        }).ToList();
    }

    private static ReleaseBody ToBody(RunnerRelease release)
    {
        var tag = "v" + release.Version;
        return new ReleaseBody(
            ReleaseId(release.Version),
            tag,
            tag,
            release.Draft,
            release.Prerelease,
            release.Draft ? null : release.PublishedAt,
            release.PublishedAt,
            "https://github.com/actions/runner/releases/tag/" + tag,
            Notes(release.Version));
    }

    /// <summary>Release notes shaped like actions/runner's: changes, then one checksum line per package.</summary>
    private static string Notes(string version)
    {
        var notes = new StringBuilder()
            .Append("## What's Changed\n* Emulated release ").Append(version).Append(" (commit ")
            .Append(Checksum("commit " + version)).Append(")\n\n## SHA-256 Checksums\n\n")
            .Append("The SHA-256 checksums for the packages included in this build are shown below:\n\n");
        foreach (var (_, _, platform, extension) in Platforms)
        {
            notes.Append(CultureInfo.InvariantCulture, $"- {Filename(platform, extension, version)} <!-- BEGIN SHA {platform} -->{Checksum(Filename(platform, extension, version))}<!-- END SHA {platform} -->\n");
        }

        return notes.ToString();
    }

    private static string Filename(string platform, string extension, string version) => $"actions-runner-{platform}-{version}.{extension}";

    private static string Checksum(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    private static long ReleaseId(string version) =>
        Math.Abs(BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(version)), 0) % 100_000_000) + 100_000_000L;
}
