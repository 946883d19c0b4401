using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Octokit;
using Scaler.Emulators.GitHub;

namespace Scaler.Emulators.Tests.GitHub.Infrastructure;

/// <summary>
/// One emulator on a fake clock with a loopback webhook receiver, seeded with enterprise
/// <c>acme-ent</c>, organization <c>acme</c> (installation 42), <c>other</c> (installation 43),
/// repositories <c>acme/app</c> and <c>other/site</c>, and runner releases 2.329.0 and 2.330.0.
/// </summary>
public sealed class EmulatorHarness : IAsyncDisposable
{
    public const long AppId = 12345;
    public const long InstallationId = 42;
    public const string Pat = "ghp_enterprise_admin";
    public const string Secret = "It's a Secret to Everybody";
    public static readonly DateTimeOffset Start = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset OldReleaseDate = new(2025, 11, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset NewReleaseDate = new(2025, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly HttpClient http = new();

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, TaskCompletionSource> recorded = new();

    private EmulatorHarness(RSA key, FakeTimeProvider time, WebhookReceiver receiver, GitHubEmulator emulator)
    {
        Key = key;
        Time = time;
        Receiver = receiver;
        Emulator = emulator;
        emulator.DeliveryRecorded += d => Recorded(Guid.Parse(d.Guid)).TrySetResult();
    }

    public RSA Key { get; }

    public FakeTimeProvider Time { get; }

    public WebhookReceiver Receiver { get; }

    public GitHubEmulator Emulator { get; }

    public static async Task<EmulatorHarness> StartAsync(Action<GitHubEmulatorOptions>? configure = null)
    {
        var key = RSA.Create(2048);
        var time = new FakeTimeProvider(Start);
        var receiver = new WebhookReceiver();
        await receiver.StartAsync(CancellationToken.None);
        var publicKey = RSA.Create();
        publicKey.ImportParameters(key.ExportParameters(false));
        var options = new GitHubEmulatorOptions
        {
            TimeProvider = time,
            AppId = AppId,
            AppPublicKey = publicKey,
            WebhookUrl = receiver.Url,
            WebhookSecret = Secret,
        };
        options.PersonalAccessTokens.Add(Pat);
        options.Enterprises.Add(new EnterpriseSeed("acme-ent", 7));
        options.Organizations.Add(new OrganizationSeed("acme", 100, InstallationId, "acme-ent"));
        options.Organizations.Add(new OrganizationSeed("other", 200, 43));
        options.Repositories.Add(new RepositorySeed("acme/app", 1000));
        options.Repositories.Add(new RepositorySeed("other/site", 2000));
        options.RunnerReleases.Add(new RunnerRelease("2.329.0", OldReleaseDate));
        options.RunnerReleases.Add(new RunnerRelease("2.330.0", NewReleaseDate));
        configure?.Invoke(options);
        var emulator = await GitHubEmulator.StartAsync(options, CancellationToken.None);
        return new EmulatorHarness(key, time, receiver, emulator);
    }

    public string CreateJwt(RSA? signingKey = null, TimeSpan? lifetime = null)
    {
        var now = Time.GetUtcNow();
        var descriptor = new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object> { ["iss"] = AppId.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            IssuedAt = now.AddSeconds(-60).UtcDateTime,
            NotBefore = now.AddSeconds(-60).UtcDateTime,
            Expires = (now + (lifetime ?? TimeSpan.FromMinutes(9))).UtcDateTime,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(signingKey ?? Key), SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    public GitHubClient AppClient(string? jwt = null) => Client(new Credentials(jwt ?? CreateJwt(), AuthenticationType.Bearer));

    public GitHubClient PatClient() => Client(new Credentials(Pat));

    public async Task<GitHubClient> InstallationClientAsync(long installationId = InstallationId)
    {
        var token = await AppClient().GitHubApps.CreateInstallationToken(installationId);
        return Client(new Credentials(token.Token));
    }

    public GitHubClient Client(Credentials credentials) =>
        new(new ProductHeaderValue("scaler-tests"), Emulator.BaseUri) { Credentials = credentials };

    public static Task<JitConfigResponse> GenerateJitConfigAsync(GitHubClient client, string scopePath, string name, params string[] labels) =>
        new ApiConnection(client.Connection).Post<JitConfigResponse>(
            new Uri($"{scopePath}/actions/runners/generate-jitconfig", UriKind.Relative),
            new JitConfigRequest { Name = name, Labels = labels });

    public Task<HttpResponseMessage> ConnectAsync(string encodedJitConfig, string version = "2.330.0") =>
        http.PostAsJsonAsync(new Uri(Emulator.BaseUri, "_emulator/runners/connect"), new Dictionary<string, string> { ["jit_config"] = encodedJitConfig, ["version"] = version });

    public Task<HttpResponseMessage> DisconnectAsync(string name) =>
        http.PostAsJsonAsync(new Uri(Emulator.BaseUri, "_emulator/runners/disconnect"), new Dictionary<string, string> { ["name"] = name });

    /// <summary>Registers a JIT runner at <paramref name="scopePath"/> and brings it online.</summary>
    public async Task<RunnerModel> OnlineRunnerAsync(string scopePath, string name, string version, params string[] labels)
    {
        var jit = await GenerateJitConfigAsync(PatClient(), scopePath, name, labels);
        using var response = await ConnectAsync(jit.EncodedJitConfig, version);
        response.EnsureSuccessStatusCode();
        return jit.Runner;
    }

    /// <summary>Reads webhooks until one with <paramref name="action"/> arrives, returning its parsed body.</summary>
    public async Task<System.Text.Json.JsonElement> NextWebhookAsync(string action)
    {
        while (true)
        {
            var webhook = await Receiver.NextAsync();
            var body = System.Text.Json.JsonDocument.Parse(webhook.Body).RootElement;
            if (body.GetProperty("action").GetString() == action)
            {
                // The emulator records a delivery after its receiver answered: wait for that, so counters and the log include it.
                await Recorded(Guid.Parse(webhook.Delivery)).Task.WaitAsync(TimeSpan.FromSeconds(10));
                return body;
            }
        }
    }

    private TaskCompletionSource Recorded(Guid delivery) =>
        recorded.GetOrAdd(delivery, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        await Receiver.DisposeAsync();
        http.Dispose();
        Key.Dispose();
    }
}
