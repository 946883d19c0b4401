using System.Collections.Concurrent;

namespace Scaler.Infrastructure.Tests;

/// <summary>
/// No namePrefix yields an illegal resource name: the template derives every name from a cleaned prefix, and
/// <c>bicep snapshot</c> evaluates the derived names for hostile prefixes, which are checked against Azure's rules.
/// </summary>
public sealed class NamingTests
{
    /// <summary>One snapshot per prefix, shared by the tests below.</summary>
    private static readonly ConcurrentDictionary<string, Lazy<Task<Deployment>>> Snapshots = new(StringComparer.Ordinal);

    /// <summary>Capitals, hyphens and their runs, a leading digit, an underscore, the longest prefix, nothing but hyphens.</summary>
    public static readonly TheoryData<string> HostilePrefixes = ["My-Prefix", "a--b", "123abc", "ABC_def", "Abcdefghij-Klmnopq", "---", "x.y z"];

    [Theory]
    [MemberData(nameof(HostilePrefixes))]
    public async Task EveryResourceName_IsLegalForItsType_WhateverThePrefix(string prefix)
    {
        var deployment = await WithPrefixAsync(prefix);

        var violations = deployment.Resources
            .Select(r => NamingRules.Violation((string)r["type"]!, (string)r["name"]!))
            .OfType<string>()
            .ToList();

        Assert.True(violations.Count == 0, $"namePrefix '{prefix}':\n" + string.Join("\n", violations));
        Assert.Equal((string?)deployment.Single("Microsoft.KeyVault/vaults")["name"], (string?)deployment.Outputs["keyVaultName"]);
        Assert.Equal((string?)deployment.Single("Microsoft.Web/sites")["name"], (string?)deployment.Outputs["functionAppName"]);
    }

    [Theory]
    [InlineData("My-Prefix", "my-prefix")]
    [InlineData("a--b", "a-b")]
    [InlineData("ABC_def", "abc-def")]
    [InlineData("-Edge-", "edge")]
    [InlineData("---", "scaler")]
    public async Task Names_UseThePrefixLowerCased_WithOneHyphenForAnyRunOfOtherCharacters(string prefix, string stem)
    {
        var deployment = await WithPrefixAsync(prefix);

        Assert.Equal($"{stem}-identity", (string?)deployment.Single("Microsoft.ManagedIdentity/userAssignedIdentities")["name"]);
        Assert.Equal($"{stem}-linux", (string?)deployment.Single("Microsoft.Compute/virtualMachineScaleSets")["name"]);
        Assert.StartsWith(stem.Replace("-", "", StringComparison.Ordinal), (string)deployment.Single("Microsoft.Storage/storageAccounts")["name"]!, StringComparison.Ordinal);
        Assert.StartsWith($"{stem}-kv-", (string)deployment.Single("Microsoft.KeyVault/vaults")["name"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APrefixThatWasAlwaysLegal_KeepsItsNames()
    {
        // The example's prefix 'scaler' gives the names deployments made before the prefix was cleaned.
        var deployment = await Deployment.Example;
        var storage = (string)deployment.Single("Microsoft.Storage/storageAccounts")["name"]!;
        var suffix = storage["scaler".Length..];

        Assert.Matches("^[a-z0-9]{13}$", suffix);
        Assert.Equal($"scaler-kv-{suffix}", (string?)deployment.Single("Microsoft.KeyVault/vaults")["name"]);
        Assert.Equal($"scaler-{suffix}", (string?)deployment.Single("Microsoft.Web/sites")["name"]);
        Assert.Equal("scaler-identity", (string?)deployment.Single("Microsoft.ManagedIdentity/userAssignedIdentities")["name"]);
    }

    [Fact]
    public async Task KeyVaultName_StartsWithALetter_WhenThePrefixStartsWithADigit()
    {
        var deployment = await WithPrefixAsync("123abc");

        Assert.StartsWith("kv-123abc-", (string)deployment.Single("Microsoft.KeyVault/vaults")["name"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outputs_NameTheKeyVaultAndTheWebhookUrl()
    {
        var deployment = await Deployment.Example;

        Assert.Equal((string?)deployment.Single("Microsoft.KeyVault/vaults")["name"], (string?)deployment.Outputs["keyVaultName"]);
        Assert.Contains("/api/github/webhook", (string)deployment.Outputs["webhookUrl"]!, StringComparison.Ordinal);
        Assert.Contains("defaultHostName", (string)deployment.Outputs["webhookUrl"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("abcdefghij-klmnopqr")]
    public async Task NamePrefix_OutsideItsLengthBounds_IsRefused(string prefix)
    {
        var (exitCode, output) = await Deployment.TrySnapshotAsync("bounds", Parameters(prefix));

        // BCP333/BCP332: the value is shorter or longer than namePrefix allows (line 3 of the parameters).
        Assert.NotEqual(0, exitCode);
        Assert.Matches(@"bounds\.bicepparam\(3,\d+\) : Error BCP33[23]:", output);
    }

    private static Task<Deployment> WithPrefixAsync(string prefix) =>
        Snapshots.GetOrAdd(prefix, p => new(() => Deployment.WithParametersAsync("prefix", Parameters(p)))).Value;

    private static string Parameters(string prefix) => $$"""
        using 'main.bicep'

        param namePrefix = '{{prefix}}'
        param webhookSecret = readEnvironmentVariable('SCALER_WEBHOOK_SECRET')
        param githubToken = readEnvironmentVariable('SCALER_GITHUB_TOKEN')
        param pools = [
          { name: 'linux', labels: ['linux'], scope: 'org', owner: 'contoso', vmSizes: ['Standard_D2ads_v5'] }
        ]
        """;
}
