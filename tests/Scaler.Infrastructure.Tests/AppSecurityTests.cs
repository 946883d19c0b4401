using System.Text.Json.Nodes;

namespace Scaler.Infrastructure.Tests;

/// <summary>The function app, its storage, vault and telemetry: identity only, TLS 1.2, secrets by reference.</summary>
public sealed class AppSecurityTests
{
    private const string KeyVaultReference = "[format('@Microsoft.KeyVault(SecretUri=";
    private static readonly string[] SecureParameters = ["webhookSecret", "githubAppPrivateKey", "githubToken"];

    [Fact]
    public async Task Storage_RefusesSharedKeysAndPublicBlobs_AndRequiresTls12()
    {
        var storage = (await Deployment.Example).Single("Microsoft.Storage/storageAccounts")["properties"]!;

        Assert.False((bool)storage["allowSharedKeyAccess"]!);
        Assert.False((bool)storage["allowBlobPublicAccess"]!);
        Assert.True((bool)storage["supportsHttpsTrafficOnly"]!);
        Assert.Equal("TLS1_2", (string?)storage["minimumTlsVersion"]);
    }

    /// <summary>
    /// The site settings Flex Consumption documents: everything else under siteConfig is either moved to
    /// functionAppConfig or refused (ftpsState fails with ARM error 51021 in newer regions; http20Enabled and
    /// scmMinTlsVersion are not documented for Flex).
    /// </summary>
    private static readonly string[] FlexSiteConfig = ["appSettings", "minTlsVersion"];

    [Fact]
    public async Task FunctionApp_IsHttpsOnlyWithTls12_AndNoFtpOrBasicPublishing()
    {
        var deployment = await Deployment.Example;
        var site = deployment.Single("Microsoft.Web/sites")["properties"]!;

        Assert.True((bool)site["httpsOnly"]!);
        Assert.Equal("1.2", (string?)site["siteConfig"]!["minTlsVersion"]);
        var policies = deployment.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();
        Assert.Equal(2, policies.Count);
        Assert.All(policies, p => Assert.False((bool)p["properties"]!["allow"]!));
    }

    [Fact]
    public async Task FunctionApp_SetsOnlySiteConfigPropertiesFlexConsumptionDocuments()
    {
        foreach (var deployment in new[] { await Deployment.Example, await Deployment.Pat })
        {
            var siteConfig = deployment.Single("Microsoft.Web/sites")["properties"]!["siteConfig"]!.AsObject();

            var unlisted = siteConfig.Select(p => p.Key).Except(FlexSiteConfig, StringComparer.OrdinalIgnoreCase).ToList();
            Assert.True(unlisted.Count == 0, "siteConfig properties Flex Consumption does not document: " + string.Join(", ", unlisted));
        }
    }

    [Fact]
    public async Task FunctionApp_RunsOnFlexConsumptionAsDotnetIsolated10()
    {
        var deployment = await Deployment.Example;
        var plan = deployment.Single("Microsoft.Web/serverfarms");
        var site = deployment.Single("Microsoft.Web/sites");
        var config = site["properties"]!["functionAppConfig"]!;

        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
        Assert.Equal("functionapp,linux", (string?)site["kind"]);
        Assert.Equal("dotnet-isolated", (string?)config["runtime"]!["name"]);
        Assert.Equal("10.0", (string?)config["runtime"]!["version"]);
        Assert.Equal("blobContainer", (string?)config["deployment"]!["storage"]!["type"]);
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", deployment.AppSettings.Keys);
        Assert.DoesNotContain("WEBSITE_RUN_FROM_PACKAGE", deployment.AppSettings.Keys);
    }

    [Fact]
    public async Task FunctionApp_UsesTheUserAssignedIdentityEverywhere()
    {
        var deployment = await Deployment.Example;
        var identityId = (string)deployment.Single("Microsoft.ManagedIdentity/userAssignedIdentities")["id"]!;
        var site = deployment.Single("Microsoft.Web/sites");
        var settings = deployment.AppSettings;
        var clientId = $"[reference('{identityId}', '2023-01-31').clientId]";

        Assert.Equal("UserAssigned", (string?)site["identity"]!["type"]);
        Assert.Equal([identityId], site["identity"]!["userAssignedIdentities"]!.AsObject().Select(p => p.Key));
        Assert.Equal(identityId, (string?)site["properties"]!["keyVaultReferenceIdentity"]);
        var deploymentAuth = site["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!["authentication"]!;
        Assert.Equal("UserAssignedIdentity", (string?)deploymentAuth["type"]);
        Assert.Equal(identityId, (string?)deploymentAuth["userAssignedIdentityResourceId"]);
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Equal(clientId, settings["AzureWebJobsStorage__clientId"]);
        Assert.Equal(clientId, settings["Azure__ClientId"]);
        Assert.Contains(clientId.Trim('[', ']'), settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
        Assert.Contains("Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
    }

    [Fact]
    public async Task Secrets_AreKeyVaultReferences_NeverValues()
    {
        var example = await Deployment.Example;
        var pat = await Deployment.Pat;

        Assert.StartsWith(KeyVaultReference, example.AppSettings["GitHub__WebhookSecret"], StringComparison.Ordinal);
        Assert.StartsWith(KeyVaultReference, example.AppSettings["GitHub__AppPrivateKey"], StringComparison.Ordinal);
        Assert.StartsWith(KeyVaultReference, pat.AppSettings["GitHub__Token"], StringComparison.Ordinal);
        foreach (var deployment in new[] { example, pat })
        {
            var site = deployment.Single("Microsoft.Web/sites").ToJsonString();
            foreach (var secret in new[] { Deployment.WebhookSecret, Deployment.AppPrivateKey, Deployment.Token })
            {
                Assert.DoesNotContain(secret, deployment.Text, StringComparison.Ordinal);
            }

            foreach (var parameter in SecureParameters)
            {
                Assert.DoesNotContain($"parameters('{parameter}')", site, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task KeyVault_UsesRbacWithPurgeProtection_AndHoldsOnlyTheSecretsInUse()
    {
        var example = await Deployment.Example;
        var vault = example.Single("Microsoft.KeyVault/vaults")["properties"]!;

        Assert.True((bool)vault["enableRbacAuthorization"]!);
        Assert.True((bool)vault["enablePurgeProtection"]!);
        Assert.True((bool)vault["enableSoftDelete"]!);
        Assert.Equal(["github-webhook-secret", "github-app-private-key"], SecretNames(example));
        Assert.Equal(["github-webhook-secret", "github-token"], SecretNames(await Deployment.Pat));
    }

    [Fact]
    public async Task ApplicationInsights_RefusesKeyAuthentication()
    {
        var insights = (await Deployment.Example).Single("Microsoft.Insights/components")["properties"]!;

        Assert.True((bool)insights["DisableLocalAuth"]!);
        Assert.NotNull(insights["WorkspaceResourceId"]);
    }

    // A conditional resource that is left out has a condition that evaluated to false.
    private static IEnumerable<string> SecretNames(Deployment deployment) =>
        deployment.OfType("Microsoft.KeyVault/vaults/secrets")
            .Where(s => s["condition"] is not JsonValue condition || condition.GetValueKind() != System.Text.Json.JsonValueKind.False)
            .Select(s => ((string)s["name"]!).Split('/')[1]);
}
