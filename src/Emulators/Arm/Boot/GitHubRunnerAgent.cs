using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Scaler.Emulators.Arm.Compute;

namespace Scaler.Emulators.Arm.Boot;

/// <summary>A guest that starts a runner against the GitHub emulator: connects with the JIT config on boot, disconnects on shutdown.</summary>
/// <remarks>Contract: <c>POST {base}/_emulator/runners/connect</c> with <c>{"jit_config","version"}</c> and
/// <c>POST {base}/_emulator/runners/disconnect</c> with <c>{"name"}</c>.</remarks>
public sealed class GitHubRunnerAgent : IGuestAgent
{
    private readonly HttpClient httpClient;
    private readonly Uri connectUri;
    private readonly Uri disconnectUri;
    private readonly ConcurrentDictionary<string, ConnectedRunner> connected = new(StringComparer.OrdinalIgnoreCase);
    public GitHubRunnerAgent(HttpClient httpClient, Uri gitHubBaseUri)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(gitHubBaseUri);
        this.httpClient = httpClient;
        var root = gitHubBaseUri.AbsoluteUri.EndsWith('/') ? gitHubBaseUri : new Uri(gitHubBaseUri.AbsoluteUri + "/");
        connectUri = new Uri(root, "_emulator/runners/connect");
        disconnectUri = new Uri(root, "_emulator/runners/disconnect");
    }

    /// <summary>The runners this agent connected, by VM name.</summary>
    public IReadOnlyDictionary<string, ConnectedRunner> Connected => connected.ToDictionary();

    public async Task BootAsync(EmulatedVm vm, BootInfo info, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vm);
        ArgumentNullException.ThrowIfNull(info);
        if (info.JitConfig is null)
        {
            return;
        }

        using var response = await httpClient.PostAsJsonAsync(
            connectUri, new ConnectRequest(info.JitConfig, info.RunnerVersion), cancellationToken);
        response.EnsureSuccessStatusCode();
        var runner = await response.Content.ReadFromJsonAsync<ConnectedRunner>(cancellationToken);
        if (runner is not null)
        {
            connected[vm.Name] = runner;
        }
    }

    public async Task ShutdownAsync(EmulatedVm vm, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vm);
        using var response = await httpClient.PostAsJsonAsync(disconnectUri, new DisconnectRequest(vm.Name), cancellationToken);
        response.EnsureSuccessStatusCode();
        connected.TryRemove(vm.Name, out _);
    }

    private sealed record ConnectRequest(
        [property: JsonPropertyName("jit_config")] string JitConfig,
        [property: JsonPropertyName("version")] string? Version);

    private sealed record DisconnectRequest([property: JsonPropertyName("name")] string Name);
}

/// <summary>The GitHub emulator's answer to a connect.</summary>
public sealed record ConnectedRunner(
    [property: JsonPropertyName("runner_id")] long RunnerId,
    [property: JsonPropertyName("name")] string Name);
