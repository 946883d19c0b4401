using System.Text.Json.Nodes;

namespace Scaler.Infrastructure.Tests;

/// <summary>docs/operations.md shows the queries the workbook and alerts run; the App manifest asks for no more than needed.</summary>
public sealed class DocumentationTests
{
    [Fact]
    public async Task OperationsPage_ContainsEveryQueryVerbatim()
    {
        var page = await File.ReadAllTextAsync(Path.Combine(Templates.RepositoryRoot, "docs", "operations.md"));
        var queries = Directory.GetFiles(Path.Combine(Templates.Folder, "queries"), "*.kql");

        Assert.NotEmpty(queries);
        foreach (var query in queries)
        {
            var text = (await File.ReadAllTextAsync(query)).Trim();
            Assert.True(page.Contains(text, StringComparison.Ordinal), $"docs/operations.md lacks {Path.GetFileName(query)} as it is");
        }
    }

    [Fact]
    public async Task AppManifest_AsksForExactlyTheRunnerPermissions_AndWorkflowJobEvents()
    {
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Templates.RepositoryRoot, "infra", "github-app-manifest.json")))!;
        var permissions = manifest["default_permissions"]!.AsObject().ToDictionary(p => p.Key, p => (string?)p.Value);

        Assert.Equal(new Dictionary<string, string?>
        {
            ["actions"] = "read",
            ["administration"] = "write",
            ["organization_self_hosted_runners"] = "write",
        }, permissions);
        Assert.Equal(["workflow_job"], manifest["default_events"]!.AsArray().Select(e => (string?)e));
        Assert.False((bool)manifest["public"]!);
        Assert.EndsWith("/api/github/webhook", (string?)manifest["hook_attributes"]!["url"], StringComparison.Ordinal);
    }
}
