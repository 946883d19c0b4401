using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Scaler.Emulators.GitHub.Http;
using Scaler.Emulators.GitHub.Json;

namespace Scaler.Emulators.GitHub.Endpoints;

/// <summary><c>actions/runner</c> releases and runner downloads, from the configured release list.</summary>
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
        {
            if (emulator.Versions.Latest is not { } latest)
            {
                return ApiErrors.NotFound();
            }

            var tag = "v" + latest.Version;
            return Results.Json(
                new ReleaseBody(ReleaseId(latest.Version), tag, tag, false, false, latest.PublishedAt, latest.PublishedAt, "https://github.com/actions/runner/releases/tag/" + tag),
                GitHubJson.Options);
        }).WithMetadata(new AuthRequirementMetadata(AuthRequirement.None));
    }

    public static IReadOnlyList<RunnerDownloadBody> Downloads(EmulatorContext emulator)
    {
        if (emulator.Versions.Latest is not { } latest)
        {
            return [];
        }

        return Platforms.Select(p =>
        {
            var filename = $"actions-runner-{p.Platform}-{latest.Version}.{p.Extension}";
            var url = $"https://github.com/actions/runner/releases/download/v{latest.Version}/{filename}";
            var checksum = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(filename))).ToLowerInvariant();
            return new RunnerDownloadBody(p.Os, p.Architecture, url, filename, checksum);
        }).ToList();
    }

    private static long ReleaseId(string version) =>
        Math.Abs(BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(version)), 0) % 100_000_000) + 100_000_000L;
}
