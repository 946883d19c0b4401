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
    private readonly EmulatedBackends backends;
    private readonly ServiceProvider services;

    private EmulatedWorld(EmulatedBackends backends, ServiceProvider services, FakeLogCollector logs)
    {
        this.backends = backends;
        this.services = services;
        Logs = logs;
    }

    public AzuriteProcess Azurite => backends.Azurite;

    public GitHubEmulator GitHub => backends.GitHub;

    public ArmEmulator Arm => backends.Arm;

    public FakeLogCollector Logs { get; }

    public static async Task<EmulatedWorld> StartAsync(SandboxOptions options, CancellationToken cancellationToken)
    {
        var backends = await EmulatedBackends.StartAsync(options, cancellationToken);
        var settings = backends.Settings(options);
        var armClient = ArmClientFactory.Create(
            new AzureOptions { ManagementEndpoint = backends.Arm.BaseUri },
            new EmulatorToken(),
            new HttpClientTransport(backends.Arm.CreateTrustingHandler()),
            o => o.Retry.MaxRetries = 0);
        var logs = new FakeLogCollector();
        var services = FunctionsHost.Build(settings, s =>
        {
            s.AddSingleton(armClient);
            s.AddSingleton<ILoggerProvider>(new FakeLoggerProvider(logs));
        });
        return new EmulatedWorld(backends, services, logs);
    }

    /// <summary>The function class as the worker makes it for each invocation.</summary>
    public T Function<T>() => ActivatorUtilities.CreateInstance<T>(services);

    /// <summary>One of the app's services, as the functions get it.</summary>
    public T Service<T>()
        where T : notnull => services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await backends.DisposeAsync();
    }

    /// <summary>The ARM emulator accepts any bearer token.</summary>
    private sealed class EmulatorToken : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => new("emulator", DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(GetToken(requestContext, cancellationToken));
    }
}
