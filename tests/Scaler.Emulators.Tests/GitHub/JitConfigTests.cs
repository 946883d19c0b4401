using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Scaler.Emulators.Tests.GitHub.Infrastructure;

namespace Scaler.Emulators.Tests.GitHub;

public sealed class JitConfigTests
{
    [Fact]
    public async Task EncodedJitConfig_Decoded_HoldsRunnerFilesNamingTheRunner()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var jit = await EmulatorHarness.GenerateJitConfigAsync(harness.PatClient(), "orgs/acme", "vm-1", "linux");

        var map = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(jit.EncodedJitConfig)))!.AsObject();
        var settings = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(map[".runner"]!.GetValue<string>())))!;

        Assert.Equal([".runner", ".credentials", ".credentials_rsaparams"], map.Select(p => p.Key));
        Assert.Equal(jit.Runner.Id, settings["agentId"]!.GetValue<long>());
        Assert.Equal("vm-1", settings["agentName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Connect_TamperedConfig_ReturnsUnauthorized()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var first = await EmulatorHarness.GenerateJitConfigAsync(harness.PatClient(), "orgs/acme", "vm-1", "linux");
        var second = await EmulatorHarness.GenerateJitConfigAsync(harness.PatClient(), "orgs/acme", "vm-2", "linux");
        var map = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(first.EncodedJitConfig)))!.AsObject();
        var secondMap = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(second.EncodedJitConfig)))!.AsObject();
        map[".runner"] = secondMap[".runner"]!.GetValue<string>();
        var tampered = Convert.ToBase64String(Encoding.UTF8.GetBytes(map.ToJsonString()));

        using var response = await harness.ConnectAsync(tampered);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.All(harness.Emulator.GetRunners(), r => Assert.Equal("offline", r.Status));
    }

    [Fact]
    public async Task Connect_ConfigUsedTwice_ReturnsConflict()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var jit = await EmulatorHarness.GenerateJitConfigAsync(harness.PatClient(), "orgs/acme", "vm-1", "linux");

        using var first = await harness.ConnectAsync(jit.EncodedJitConfig);
        using var second = await harness.ConnectAsync(jit.EncodedJitConfig);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
    }

    [Fact]
    public async Task Connect_Garbage_ReturnsUnauthorized()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using var response = await harness.ConnectAsync("bm90IGEgY29uZmln");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
