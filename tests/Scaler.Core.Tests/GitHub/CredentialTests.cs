using Scaler.Core.Failures;
using Scaler.Core.GitHub;
using Scaler.Emulators.GitHub.Faults;

namespace Scaler.Core.Tests.GitHub;

public sealed class CredentialTests
{
    [Fact]
    public async Task GenerateJitConfigAsync_EnterpriseWithPat_Registers()
    {
        await using var github = await EmulatedGitHub.StartAsync();
        var runners = github.WithToken();

        var jit = await runners.GenerateJitConfigAsync(EmulatedGitHub.EnterpriseTarget(), "vm-ent", ["linux"], 1, CancellationToken.None);

        Assert.True(jit.RunnerId > 0);
        Assert.Equal(1, github.JitCalls("/enterprises/{enterprise}"));
    }

    [Fact]
    public async Task GenerateJitConfigAsync_EnterpriseWithAppOnly_ThrowsUnauthorizedWithoutCallingGitHub()
    {
        await using var github = await EmulatedGitHub.StartAsync();
        var runners = github.App();

        var error = await Assert.ThrowsAsync<AdapterException>(() =>
            runners.GenerateJitConfigAsync(EmulatedGitHub.EnterpriseTarget(), "vm-ent", ["linux"], 1, CancellationToken.None));

        Assert.Equal(FailureKind.Unauthorized, error.Kind);
        Assert.StartsWith("enterprise runners need GitHub__Token", error.Message, StringComparison.Ordinal);
        Assert.Empty(github.Emulator.Counters.AllCalls);
    }

    [Fact]
    public async Task ListRunnersAsync_WrongToken_ThrowsUnauthorized()
    {
        await using var github = await EmulatedGitHub.StartAsync();
        var runners = github.WithToken("ghp_not_a_known_token");

        var error = await Assert.ThrowsAsync<AdapterException>(() => runners.ListRunnersAsync(EmulatedGitHub.OrgTarget(), CancellationToken.None));

        Assert.Equal(FailureKind.Unauthorized, error.Kind);
    }

    [Theory]
    [InlineData("https://api.github.com", "https://api.github.com/")]
    [InlineData("https://api.github.com/", "https://api.github.com/")]
    [InlineData("https://ghe.example.com", "https://ghe.example.com/api/v3/")]
    [InlineData("https://ghe.example.com/", "https://ghe.example.com/api/v3/")]
    [InlineData("https://ghe.example.com/api/v3", "https://ghe.example.com/api/v3/")]
    [InlineData("https://ghe.example.com/api/v3/", "https://ghe.example.com/api/v3/")]
    [InlineData("https://ghe.example.com:8443/API/V3/", "https://ghe.example.com:8443/api/v3/")]
    public void Normalize_ApiUrlForm_GivesOneApiV3Root(string setting, string expected)
    {
        var root = GitHubApiUrl.Normalize(new Uri(setting));

        Assert.Equal(new Uri(expected), root);
    }

    [Theory]
    [InlineData("")]
    [InlineData("api/v3")]
    [InlineData("api/v3/")]
    public async Task ListRunnersAsync_EmulatorUrlInEachForm_Works(string suffix)
    {
        await using var github = await EmulatedGitHub.StartAsync();
        var runners = github.WithToken(apiUrl: new Uri(github.Emulator.BaseUri, suffix));

        var listed = await runners.ListRunnersAsync(EmulatedGitHub.OrgTarget(), CancellationToken.None);

        Assert.Empty(listed);
        Assert.Equal(new Uri(github.Emulator.BaseUri, "api/v3/"), runners.ApiRoot);
        Assert.Equal(1, github.Emulator.Counters.Calls(new GitHubEndpoint("GET", "/orgs/{org}/actions/runners")));
    }
}
