using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Scaler.Core.GitHub;

namespace Scaler.Core.Tests.GitHub;

public sealed class AddGitHubRunnersTests
{
    [Fact]
    public void AddGitHubRunners_PatAndPacingSettings_ResolvesOctokitAdapterWithThem()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GitHub:WebhookSecret"] = "a-long-enough-webhook-secret",
            ["GitHub:ApiUrl"] = "https://ghe.example.com/",
            ["GitHub:Token"] = "ghp_example",
            ["GitHub:JitConfigsPerMinute"] = "90",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddGitHubRunners(configuration).BuildServiceProvider();

        var runners = provider.GetRequiredService<IGitHubRunners>();

        var adapter = Assert.IsType<OctokitGitHubRunners>(runners);
        Assert.Equal(new Uri("https://ghe.example.com/api/v3/"), adapter.ApiRoot);
        Assert.Equal(90, provider.GetRequiredService<IOptions<GitHubClientOptions>>().Value.JitConfigsPerMinute);
    }
}
