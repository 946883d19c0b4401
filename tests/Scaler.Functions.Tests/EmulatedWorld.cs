using System.Security.Cryptography;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Scaler.Cli.Sandbox;
using Scaler.Core.Compute;
using Scaler.Emulators.Arm;
using Scaler.Emulators.GitHub;

namespace Scaler.Functions.Tests;

/// <summary>
/// The Functions app's services as Program.cs registers them (<see cref="FunctionsHost"/>), with the sandbox's settings,
/// over an Azurite of its own and the GitHub and ARM emulators. Function classes are made as the worker makes them:
/// by <see cref="ActivatorUtilities"/> from the app's service provider. The ARM client does not retry, so a transient
/// failure reaches the function at once.
/// </summary>
internal sealed class EmulatedWorld : IAsyncDisposable
{
    private readonly RSA appKey;
    private readonly ServiceProvider services;

    private EmulatedWorld(AzuriteProcess azurite, GitHubEmulator github, ArmEmulator arm, RSA appKey, ServiceProvider services, FakeLogCollector logs)
    {
        Azurite = azurite;
        GitHub = github;
        Arm = arm;
        this.appKey = appKey;
        this.services = services;
        Logs = logs;
    }

    public AzuriteProcess Azurite { get; }

    public GitHubEmulator GitHub { get; }

    public ArmEmulator Arm { get; }

    public FakeLogCollector Logs { get; }

    public static async Task<EmulatedWorld> StartAsync(SandboxOptions options, CancellationToken cancellationToken)
    {
        var azurite = await AzuriteProcess.StartAsync(cancellationToken);
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var appKey = RSA.Create(2048);
        var github = await Sandbox.StartGitHubAsync(new Uri("http://127.0.0.1:9/api/github/webhook"), secret, appKey, cancellationToken);
        var arm = await Sandbox.StartArmAsync(options, github, cancellationToken);
        var settings = SandboxSettings.Create(options, azurite.ConnectionString, secret, github.BaseUri, arm.BaseUri, Sandbox.AppId, appKey.ExportRSAPrivateKeyPem());
        var armClient = ArmClientFactory.Create(
            new AzureOptions { ManagementEndpoint = arm.BaseUri },
            new EmulatorToken(),
            new HttpClientTransport(arm.CreateTrustingHandler()),
            o => o.Retry.MaxRetries = 0);
        var logs = new FakeLogCollector();
        var services = FunctionsHost.Build(settings, s =>
        {
            s.AddSingleton(armClient);
            s.AddSingleton<ILoggerProvider>(new FakeLoggerProvider(logs));
        });
        return new EmulatedWorld(azurite, github, arm, appKey, services, logs);
    }

    /// <summary>The function class as the worker makes it for each invocation.</summary>
    public T Function<T>() => ActivatorUtilities.CreateInstance<T>(services);

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await GitHub.DisposeAsync();
        await Arm.DisposeAsync();
        await Azurite.DisposeAsync();
        appKey.Dispose();
    }

    /// <summary>The ARM emulator accepts any bearer token.</summary>
    private sealed class EmulatorToken : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => new("emulator", DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(GetToken(requestContext, cancellationToken));
    }
}
