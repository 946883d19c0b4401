using System.Security.Cryptography;
using Octokit;
using Scaler.Emulators.Tests.GitHub.Infrastructure;

namespace Scaler.Emulators.Tests.GitHub;

public sealed class AuthTests
{
    [Fact]
    public async Task CreateInstallationToken_ValidJwt_ReturnsTokenValidForOneHour()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        var token = await harness.AppClient().GitHubApps.CreateInstallationToken(EmulatorHarness.InstallationId);

        Assert.False(string.IsNullOrEmpty(token.Token));
        Assert.Equal(EmulatorHarness.Start.AddHours(1), token.ExpiresAt);
    }

    [Fact]
    public async Task CreateInstallationToken_JwtSignedByOtherKey_ThrowsAuthorization()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        using var otherKey = RSA.Create(2048);
        var client = harness.AppClient(harness.CreateJwt(otherKey));

        var error = await Assert.ThrowsAsync<AuthorizationException>(() => client.GitHubApps.CreateInstallationToken(EmulatorHarness.InstallationId));

        Assert.Equal("A JSON web token could not be decoded", error.Message);
        Assert.NotNull(error.ApiError.DocumentationUrl);
    }

    [Fact]
    public async Task CreateInstallationToken_ExpiredJwt_ThrowsAuthorization()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var jwt = harness.CreateJwt();
        harness.Time.Advance(TimeSpan.FromMinutes(10));

        await Assert.ThrowsAsync<AuthorizationException>(() => harness.AppClient(jwt).GitHubApps.CreateInstallationToken(EmulatorHarness.InstallationId));
    }

    [Fact]
    public async Task CreateInstallationToken_JwtLivingOverTenMinutes_ThrowsAuthorization()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var jwt = harness.CreateJwt(lifetime: TimeSpan.FromMinutes(30));

        await Assert.ThrowsAsync<AuthorizationException>(() => harness.AppClient(jwt).GitHubApps.CreateInstallationToken(EmulatorHarness.InstallationId));
    }

    [Fact]
    public async Task ListRunners_InstallationTokenAfterOneHour_ThrowsAuthorization()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var client = await harness.InstallationClientAsync();
        await client.Actions.SelfHostedRunners.ListAllRunnersForOrganization("acme");

        harness.Time.Advance(TimeSpan.FromHours(1));

        var error = await Assert.ThrowsAsync<AuthorizationException>(() => client.Actions.SelfHostedRunners.ListAllRunnersForOrganization("acme"));
        Assert.Equal("Bad credentials", error.Message);
    }

    [Fact]
    public async Task GetOrganizationInstallation_Jwt_ReturnsInstallationId()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        var installation = await harness.AppClient().GitHubApps.GetOrganizationInstallationForCurrent("acme");
        var byRepo = await harness.AppClient().GitHubApps.GetRepositoryInstallationForCurrent("acme", "app");

        Assert.Equal(EmulatorHarness.InstallationId, installation.Id);
        Assert.Equal(EmulatorHarness.InstallationId, byRepo.Id);
        Assert.Equal("acme", installation.Account.Login);
    }

    [Fact]
    public async Task ListEnterpriseRunners_InstallationToken_ThrowsForbidden()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var client = await harness.InstallationClientAsync();

        await Assert.ThrowsAsync<ForbiddenException>(() => client.Actions.SelfHostedRunners.ListAllRunnersForEnterprise("acme-ent"));
    }

    [Fact]
    public async Task ListEnterpriseRunners_Pat_ReturnsRunners()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await EmulatorHarness.GenerateJitConfigAsync(harness.PatClient(), "enterprises/acme-ent", "ent-1", "linux");

        var runners = await harness.PatClient().Actions.SelfHostedRunners.ListAllRunnersForEnterprise("acme-ent");

        Assert.Equal(1, runners.TotalCount);
        Assert.Equal("ent-1", runners.Runners[0].Name);
    }

    [Fact]
    public async Task ListOrganizationRunners_InstallationOfOtherOrganization_ThrowsForbidden()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var client = await harness.InstallationClientAsync(43);

        await Assert.ThrowsAsync<ForbiddenException>(() => client.Actions.SelfHostedRunners.ListAllRunnersForOrganization("acme"));
    }

    [Fact]
    public async Task ListOrganizationRunners_NoCredentials_ThrowsAuthorization()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var client = harness.Client(Credentials.Anonymous);

        await Assert.ThrowsAsync<AuthorizationException>(() => client.Actions.SelfHostedRunners.ListAllRunnersForOrganization("acme"));
    }
}
