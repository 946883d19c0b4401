using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Scaler.Emulators.GitHub;
using Scaler.Emulators.GitHub.Faults;

namespace Scaler.Emulators.Tests.Common;

public sealed class GitHubEmulatorContractTests : EmulatorContractTests<GitHubEmulator, GitHubEmulatorOptions, GitHubEndpoint>, IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly RSA appKey = RSA.Create(2048);

    protected override GitHubEndpoint Target { get; } = new("GET", "/repos/actions/runner/releases/latest");

    public void Dispose() => appKey.Dispose();

    protected override GitHubEmulatorOptions CreateOptions()
    {
        var options = new GitHubEmulatorOptions { TimeProvider = new FakeTimeProvider(Now), AppPublicKey = appKey };
        options.RunnerReleases.Add(new RunnerRelease("2.330.0", Now.AddDays(-1)));
        return options;
    }

    protected override HttpClient CreateClient(GitHubEmulator emulator) => new() { BaseAddress = emulator.ApiUri };

    protected override HttpRequestMessage CreateRequest() =>
        new(HttpMethod.Get, new Uri("repos/actions/runner/releases/latest", UriKind.Relative));
}
