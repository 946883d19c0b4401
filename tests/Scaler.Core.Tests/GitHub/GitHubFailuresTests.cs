using System.Globalization;
using System.Net;
using Octokit;
using Scaler.Core.Failures;
using Scaler.Core.GitHub;

namespace Scaler.Core.Tests.GitHub;

/// <summary>How GitHub's answers, as Octokit raises them, become <see cref="AdapterException"/>s of <see cref="AdapterName.GitHub"/>.</summary>
public sealed class GitHubFailuresTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Backoff = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(404, "GetRunner", FailureKind.NotFound)]
    [InlineData(404, "InstallationLookup", FailureKind.NotFound)]
    [InlineData(401, "ListRunners", FailureKind.Unauthorized)]
    [InlineData(403, "ListRunners", FailureKind.Unauthorized)]
    [InlineData(409, "GenerateJitConfig", FailureKind.Conflict)]
    [InlineData(422, "GenerateJitConfig", FailureKind.CapacityUnavailable)]
    [InlineData(422, "DeleteRunner", FailureKind.Conflict)]
    [InlineData(422, "RerunJob", FailureKind.Transient)]
    [InlineData(409, "DeleteRunner", FailureKind.Transient)]
    [InlineData(500, "GenerateJitConfig", FailureKind.Transient)]
    [InlineData(502, "GetJob", FailureKind.Transient)]
    public void Map_StatusOfOperation_KindForThatCall(int status, string operation, FailureKind expected)
    {
        var api = new ApiException(Response(status));

        var failure = GitHubFailures.Map(api, Enum.Parse<GitHubOperation>(operation), Now, Backoff);

        Assert.Equal((AdapterName.GitHub, expected, (TimeSpan?)null), (failure.Adapter, failure.Kind, failure.RetryAfter));
        Assert.Equal(expected == FailureKind.Transient, failure.IsTransient);
        Assert.Same(api, failure.InnerException);
        Assert.StartsWith($"{operation}: GitHub answered {status}", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(429, "retry-after", "30", 30)]
    [InlineData(403, "Retry-After", "45", 45)]
    [InlineData(403, "retry-after", "-5", 0)]
    [InlineData(429, "x-ratelimit-remaining", "0", 120)]
    [InlineData(403, "x-ratelimit-remaining", "0", 120)]
    [InlineData(429, "x-ratelimit-remaining", "7", 60)]
    public void Map_RateLimit_ThrottledWithWhenToComeBack(int status, string header, string value, int seconds)
    {
        var headers = new Dictionary<string, string>
        {
            [header] = value,
            ["x-ratelimit-reset"] = Now.AddSeconds(120).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        };

        var failure = GitHubFailures.Map(new ApiException(Response(status, headers)), GitHubOperation.GenerateJitConfig, Now, Backoff);

        Assert.Equal((FailureKind.Throttled, TimeSpan.FromSeconds(seconds)), (failure.Kind, failure.RetryAfter));
        Assert.True(failure.IsTransient);
    }

    [Fact]
    public void Map_RetryAfterAsHttpDate_TimeUntilThen()
    {
        var headers = new Dictionary<string, string> { ["retry-after"] = Now.AddSeconds(90).ToString("R", CultureInfo.InvariantCulture) };

        var failure = GitHubFailures.Map(new ApiException(Response(429, headers)), GitHubOperation.ListRunners, Now, Backoff);

        Assert.Equal((FailureKind.Throttled, TimeSpan.FromSeconds(90)), (failure.Kind, failure.RetryAfter));
    }

    [Fact]
    public void Map_OctokitsSecondaryRateLimitWithoutHeaders_ThrottledForTheBackoff()
    {
        var failure = GitHubFailures.Map(new SecondaryRateLimitExceededException(Response(403)), GitHubOperation.GenerateJitConfig, Now, Backoff);

        Assert.Equal((FailureKind.Throttled, Backoff), (failure.Kind, failure.RetryAfter));
    }

    [Fact]
    public void Map_OctokitsPrimaryRateLimit_ThrottledUntilTheReset()
    {
        var headers = new Dictionary<string, string>
        {
            ["x-ratelimit-limit"] = "5000",
            ["x-ratelimit-remaining"] = "0",
            ["x-ratelimit-reset"] = Now.AddMinutes(20).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        };

        var failure = GitHubFailures.Map(new RateLimitExceededException(Response(403, headers)), GitHubOperation.ListRunners, Now, Backoff);

        Assert.Equal((FailureKind.Throttled, TimeSpan.FromMinutes(20)), (failure.Kind, failure.RetryAfter));
    }

    [Fact]
    public void Map_NoAnswer_Transient()
    {
        var refused = new HttpRequestException("Connection refused");

        var failure = GitHubFailures.Map(refused, GitHubOperation.ListRunners, Now, Backoff);

        Assert.Equal((AdapterName.GitHub, FailureKind.Transient), (failure.Adapter, failure.Kind));
        Assert.Same(refused, failure.InnerException);
    }

    [Fact]
    public void Map_AlreadyMapped_SameFailure()
    {
        var mapped = new AdapterException(AdapterName.GitHub, FailureKind.NotFound, "no installation");

        Assert.Same(mapped, GitHubFailures.Map(mapped, GitHubOperation.InstallationLookup, Now, Backoff));
    }

    [Fact]
    public async Task GenerateJitConfigAsync_SecondaryLimitSpent_ThrottledWithGitHubsRetryAfter()
    {
        await using var github = await EmulatedGitHub.StartAsync(o => o.SecondaryPointsPerMinute = 10);
        var runners = github.App();
        await runners.GenerateJitConfigAsync(EmulatedGitHub.OrgTarget(), "vm-sec-1", ["linux"], 1, CancellationToken.None);
        await runners.GenerateJitConfigAsync(EmulatedGitHub.OrgTarget(), "vm-sec-2", ["linux"], 1, CancellationToken.None);

        var error = await Assert.ThrowsAsync<AdapterException>(() =>
            runners.GenerateJitConfigAsync(EmulatedGitHub.OrgTarget(), "vm-sec-3", ["linux"], 1, CancellationToken.None));

        Assert.Equal((AdapterName.GitHub, FailureKind.Throttled), (error.Adapter, error.Kind));
        Assert.Equal(TimeSpan.FromSeconds(60), error.RetryAfter);
        Assert.Equal(HttpStatusCode.TooManyRequests, Assert.IsAssignableFrom<ApiException>(error.InnerException).StatusCode);
    }

    [Fact]
    public async Task ListRunnersAsync_UnknownOrganization_NotFound()
    {
        await using var github = await EmulatedGitHub.StartAsync();
        var runners = github.WithToken();

        var error = await Assert.ThrowsAsync<AdapterException>(() =>
            runners.ListRunnersAsync(new RunnerTarget(Scaler.Core.Pools.RunnerScope.Org, "nobody"), CancellationToken.None));

        Assert.Equal((AdapterName.GitHub, FailureKind.NotFound), (error.Adapter, error.Kind));
    }

    private static Answer Response(int status, Dictionary<string, string>? headers = null) =>
        new Answer((HttpStatusCode)status, headers ?? []);

    /// <summary>What Octokit's connection hands its exceptions: GitHub's status, headers and error body.</summary>
    private sealed class Answer(HttpStatusCode status, Dictionary<string, string> headers) : IResponse
    {
        public object Body => "{\"message\":\"GitHub's message\"}";

        public IReadOnlyDictionary<string, string> Headers => headers;

        public ApiInfo ApiInfo { get; } = new(new Dictionary<string, Uri>(), [], [], "", new RateLimit(headers));

        public HttpStatusCode StatusCode => status;

        public string ContentType => "application/json";
    }
}
