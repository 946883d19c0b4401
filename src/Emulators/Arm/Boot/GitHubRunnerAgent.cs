using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Scaler.Emulators.Arm.Boot;

/// <summary>
/// The runner inside an emulated VM: on boot it presents the JIT configuration to the GitHub emulator
/// (<c>POST /_emulator/runners/connect</c>), on shutdown it disconnects.
/// </summary>
public sealed class GitHubRunnerAgent(HttpClient http, Uri gitHubBaseUri) : IGuestAgent
{
    public async Task BootAsync(EmulatedVm vm, BootInfo info, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (info.JitConfig is null)
        {
            return;
        }

        using var response = await http.PostAsJsonAsync(new Uri(gitHubBaseUri, "_emulator/runners/connect"), new Connect(info.JitConfig, info.RunnerVersion), cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async Task ShutdownAsync(EmulatedVm vm, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vm);
        using var response = await http.PostAsJsonAsync(new Uri(gitHubBaseUri, "_emulator/runners/disconnect"), new Disconnect(vm.Name), cancellationToken);
    }

    private sealed record Connect([property: JsonPropertyName("jit_config")] string JitConfig, [property: JsonPropertyName("version")] string? Version);

    private sealed record Disconnect([property: JsonPropertyName("name")] string Name);
}
