using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Scaler.Core.GitHub;
using Scaler.Core.Pools;
using Scaler.Emulators.GitHub;
using Scaler.Emulators.GitHub.Faults;
using Scaler.Emulators.GitHub.Jobs;

namespace Scaler.Core.Tests.GitHub;

/// <summary>
/// A GitHub emulator on a fake clock, seeded with enterprise <c>acme-ent</c>, organization
/// <c>acme</c> (installation 42) in it, repository <c>acme/app</c>, a PAT and an App key, and a
/// factory for <see cref="OctokitGitHubRunners"/> over it (App or PAT) logging to <see cref="Logs"/>.
/// </summary>
internal sealed class EmulatedGitHub : IAsyncDisposable
{
    public const long AppId = 12345;
    public const long InstallationId = 42;
    public const string Pat = "ghp_scaler_test_pat_0123456789";
    public const string Repo = "acme/app";
    public const string Org = "acme";
    public const string Enterprise = "acme-ent";

    private readonly HttpClient http = new();
    private readonly List<OctokitGitHubRunners> adapters = [];

    private EmulatedGitHub(RSA key, FakeTimeProvider time, GitHubEmulator emulator)
    {
        Key = key;
        Time = time;
        Emulator = emulator;
    }

    public RSA Key { get; }

    public string PrivateKeyPem => Key.ExportRSAPrivateKeyPem();

    public FakeTimeProvider Time { get; }

    public GitHubEmulator Emulator { get; }

    public FakeLogCollector Logs { get; } = new();

    public static RunnerTarget RepoTarget(long? installationId = InstallationId) => new(RunnerScope.Repo, Repo, installationId);

    public static RunnerTarget OrgTarget(long? installationId = InstallationId) => new(RunnerScope.Org, Org, installationId);

    public static RunnerTarget EnterpriseTarget() => new(RunnerScope.Enterprise, Enterprise);

    public static async Task<EmulatedGitHub> StartAsync(Action<GitHubEmulatorOptions>? configure = null)
    {
        var key = RSA.Create(2048);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var publicKey = RSA.Create();
        publicKey.ImportParameters(key.ExportParameters(false));
        var options = new GitHubEmulatorOptions { TimeProvider = time, AppId = AppId, AppPublicKey = publicKey };
        options.PersonalAccessTokens.Add(Pat);
        options.Enterprises.Add(new EnterpriseSeed(Enterprise, 7));
        options.Organizations.Add(new OrganizationSeed(Org, 100, InstallationId, Enterprise));
        options.Repositories.Add(new RepositorySeed(Repo, 1000));
        options.RunnerReleases.Add(new RunnerRelease("2.330.0", time.GetUtcNow().AddDays(-3)));
        configure?.Invoke(options);
        var emulator = await GitHubEmulator.StartAsync(options, CancellationToken.None);
        return new EmulatedGitHub(key, time, emulator);
    }

    /// <summary>An adapter with the App credentials (and the PAT too when <paramref name="withPat"/>).</summary>
    public OctokitGitHubRunners App(bool withPat = false, GitHubClientOptions? clientOptions = null) =>
        Create(new GitHubOptions { ApiUrl = Emulator.BaseUri, AppId = AppId.ToString(System.Globalization.CultureInfo.InvariantCulture), AppPrivateKey = PrivateKeyPem, Token = withPat ? Pat : "" }, clientOptions);

    public OctokitGitHubRunners WithToken(string token = Pat, Uri? apiUrl = null, GitHubClientOptions? clientOptions = null) =>
        Create(new GitHubOptions { ApiUrl = apiUrl ?? Emulator.BaseUri, Token = token }, clientOptions);

    public OctokitGitHubRunners Create(GitHubOptions options, GitHubClientOptions? clientOptions = null)
    {
        var adapter = new OctokitGitHubRunners(Options.Create(options), Options.Create(clientOptions ?? new GitHubClientOptions()), Time, new FakeLogger<OctokitGitHubRunners>(Logs));
        adapters.Add(adapter);
        return adapter;
    }

    public long TokenRequests => Emulator.Counters.Calls(new GitHubEndpoint("POST", "/app/installations/{id}/access_tokens"));

    public long JitCalls(string scopePath) => Emulator.Counters.Calls(new GitHubEndpoint("POST", scopePath + "/actions/runners/generate-jitconfig"));

    /// <summary>Brings the JIT runner online and queues a long job that only it can take.</summary>
    public async Task MakeBusyAsync(JitRunner runner, IReadOnlyList<string> labels)
    {
        using var response = await http.PostAsJsonAsync(
            new Uri(Emulator.BaseUri, "_emulator/runners/connect"),
            new Dictionary<string, string> { ["jit_config"] = runner.EncodedJitConfig, ["version"] = "2.330.0" });
        response.EnsureSuccessStatusCode();
        var job = Emulator.QueueJob(new JobRequest(Repo, labels) { Duration = TimeSpan.FromHours(1) });
        if (Emulator.GetJob(job.Id)?.RunnerId != runner.RunnerId)
        {
            throw new InvalidOperationException($"The emulator did not give job {job.Id} to runner {runner.Name}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var adapter in adapters)
        {
            adapter.Dispose();
        }

        await Emulator.DisposeAsync();
        http.Dispose();
        Key.Dispose();
    }
}
