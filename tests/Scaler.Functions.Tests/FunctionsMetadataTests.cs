using System.Text.Json;

namespace Scaler.Functions.Tests;

/// <summary>Reads the <c>functions.metadata</c> the Functions SDK generated at build time.</summary>
public class FunctionsMetadataTests
{
    [Fact]
    public void GitHubWebhook_IsAnonymousHttpPostOnGitHubWebhookRoute()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(FindMetadata()));

        var function = metadata.RootElement.EnumerateArray().Single(f => f.GetProperty("name").GetString() == "GitHubWebhook");
        var trigger = function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "httpTrigger");
        Assert.Equal("github/webhook", trigger.GetProperty("route").GetString());
        Assert.Equal(["post"], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString());
    }

    [Fact]
    public void HostJson_IsCopiedBesideTheFunctionsAndPollsTheQueueOften()
    {
        var hostJson = Path.Combine(Path.GetDirectoryName(FindMetadata())!, "host.json");
        using var host = JsonDocument.Parse(File.ReadAllText(hostJson));

        var queues = host.RootElement.GetProperty("extensions").GetProperty("queues");
        Assert.True(TimeSpan.Parse(queues.GetProperty("maxPollingInterval").GetString()!, System.Globalization.CultureInfo.InvariantCulture) <= TimeSpan.FromSeconds(5));
        Assert.Equal("api", host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    /// <summary>The Functions project's build output for the configuration these tests were built in.</summary>
    private static string FindMetadata()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = testOutput.Parent!.Name;
        var framework = testOutput.Name;
        var repository = testOutput.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(repository, "src", "Functions", "bin", configuration, framework, "functions.metadata");
        Assert.True(File.Exists(path), $"functions.metadata not found at {path}; build src/Functions first");
        return path;
    }
}
