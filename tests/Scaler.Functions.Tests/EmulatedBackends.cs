using System.Security.Cryptography;
using Scaler.Cli.Sandbox;
using Scaler.Emulators.Arm;
using Scaler.Emulators.GitHub;

namespace Scaler.Functions.Tests;

/// <summary>
/// What the Functions app talks to in these tests, on loopback: an Azurite of its own, the GitHub emulator with a
/// fresh webhook secret and App key, and the ARM emulator with the sandbox's pools.
/// </summary>
internal sealed class EmulatedBackends : IAsyncDisposable
{
    private readonly RSA appKey;

    private EmulatedBackends(AzuriteProcess azurite, GitHubEmulator github, ArmEmulator arm, RSA appKey, string secret)
    {
        Azurite = azurite;
        GitHub = github;
        Arm = arm;
        this.appKey = appKey;
        Secret = secret;
    }

    public AzuriteProcess Azurite { get; }

    public GitHubEmulator GitHub { get; }

    public ArmEmulator Arm { get; }

    public string Secret { get; }

    public static async Task<EmulatedBackends> StartAsync(SandboxOptions options, CancellationToken cancellationToken)
    {
        var azurite = await AzuriteProcess.StartAsync(cancellationToken);
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var appKey = RSA.Create(2048);
        var github = await Sandbox.StartGitHubAsync(new Uri("http://127.0.0.1:9/api/github/webhook"), secret, appKey, cancellationToken);
        var arm = await Sandbox.StartArmAsync(options, github, cancellationToken);
        return new EmulatedBackends(azurite, github, arm, appKey, secret);
    }

    /// <summary>The sandbox's app settings for these backends.</summary>
    public Dictionary<string, string?> Settings(SandboxOptions options) =>
        SandboxSettings.Create(options, Azurite.ConnectionString, Secret, GitHub.BaseUri, Arm.BaseUri, Sandbox.AppId, appKey.ExportRSAPrivateKeyPem());

    public async ValueTask DisposeAsync()
    {
        await GitHub.DisposeAsync();
        await Arm.DisposeAsync();
        await Azurite.DisposeAsync();
        appKey.Dispose();
    }
}
