using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Scaler.Core.Failures;
using Scaler.Core.GitHub;
using Scaler.Core.Pools;

namespace Scaler.Core.Tests.GitHub;

/// <summary>
/// Names go into GitHub API paths one escaped segment each: a loopback server that answers 404 to everything
/// records the request target exactly as it arrived on the wire.
/// </summary>
public sealed class PathEscapingTests : IAsyncDisposable
{
    private const string Owner = "own#er";
    private const string Repository = "re?po";
    private readonly ConcurrentQueue<string> targets = new();
    private WebApplication? server;

    [Fact]
    public async Task RepositoryCalls_NamesWithHashAndQuestionMark_ReachTheServerAsEscapedSegments()
    {
        using var github = await AdapterAsync(app: false);
        var target = new RunnerTarget(RunnerScope.Repo, $"{Owner}/{Repository}", 42);

        await github.GetJobAsync(target, 5, CancellationToken.None);
        await github.DeleteRunnerAsync(target, 6, CancellationToken.None);
        await github.GetRunnerAsync(target, 7, CancellationToken.None);
        await Assert.ThrowsAsync<AdapterException>(() => github.ListRunnersAsync(target, CancellationToken.None));
        await Assert.ThrowsAsync<AdapterException>(() => github.GenerateJitConfigAsync(target, "vm-1", ["linux"], 1, CancellationToken.None));
        await Assert.ThrowsAsync<AdapterException>(() => github.RerunJobAsync(target, 8, CancellationToken.None));

        Assert.Equal(
            [
                "/api/v3/repos/own%23er/re%3Fpo/actions/jobs/5",
                "/api/v3/repos/own%23er/re%3Fpo/actions/runners/6",
                "/api/v3/repos/own%23er/re%3Fpo/actions/runners/7",
                "/api/v3/repos/own%23er/re%3Fpo/actions/runners",
                "/api/v3/repos/own%23er/re%3Fpo/actions/runners/generate-jitconfig",
                "/api/v3/repos/own%23er/re%3Fpo/actions/jobs/8/rerun",
            ],
            targets.Select(t => t.Split('?')[0]));
    }

    [Theory]
    [InlineData(RunnerScope.Org, "a#b?c", "/api/v3/orgs/a%23b%3Fc/actions/runners")]
    [InlineData(RunnerScope.Enterprise, "a/../b", "/api/v3/enterprises/a%2F..%2Fb/actions/runners")]
    public async Task ListRunners_UnsafeOwner_StaysOneSegment(RunnerScope scope, string owner, string expected)
    {
        using var github = await AdapterAsync(app: false);

        await Assert.ThrowsAsync<AdapterException>(() => github.ListRunnersAsync(new RunnerTarget(scope, owner, 42), CancellationToken.None));

        Assert.Equal(expected, Assert.Single(targets).Split('?')[0]);
    }

    [Theory]
    [InlineData(RunnerScope.Org, "..")]
    [InlineData(RunnerScope.Repo, "acme/.")]
    public async Task ListRunners_DotSegmentName_RefusedBeforeAnyRequest(RunnerScope scope, string owner)
    {
        using var github = await AdapterAsync(app: false);

        await Assert.ThrowsAsync<ArgumentException>(() => github.ListRunnersAsync(new RunnerTarget(scope, owner, 42), CancellationToken.None));

        Assert.Empty(targets);
    }

    [Fact]
    public async Task InstallationLookup_RepositoryWithHash_ReachesTheServerAsEscapedSegments()
    {
        using var github = await AdapterAsync(app: true);

        await Assert.ThrowsAsync<AdapterException>(() => github.ListRunnersAsync(new RunnerTarget(RunnerScope.Repo, $"{Owner}/{Repository}"), CancellationToken.None));

        Assert.Equal("/api/v3/repos/own%23er/re%3Fpo/installation", Assert.Single(targets));
    }

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    private async Task<OctokitGitHubRunners> AdapterAsync(bool app)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        server = builder.Build();
        server.Run(async context =>
        {
            targets.Enqueue(context.Features.Get<IHttpRequestFeature>()!.RawTarget);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"message":"Not Found"}""");
        });
        await server.StartAsync();
        var address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var key = RSA.Create(2048);
        var options = app
            ? new GitHubOptions { ApiUrl = new Uri(address), AppId = "12345", AppPrivateKey = key.ExportRSAPrivateKeyPem() }
            : new GitHubOptions { ApiUrl = new Uri(address), Token = "test-token" };
        return new OctokitGitHubRunners(Options.Create(options), Options.Create(new GitHubClientOptions()), TimeProvider.System, NullLogger<OctokitGitHubRunners>.Instance);
    }
}
