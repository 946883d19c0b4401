using System.Text.RegularExpressions;

namespace Scaler.Infrastructure.Tests;

/// <summary>
/// docs/deploy.md takes a reader from a fresh subscription to a job that ran: each step is there, in order, and
/// every parameter, pool field and output of the template is named.
/// </summary>
public sealed partial class DeployGuideTests
{
    /// <summary>What a reader must be told, and the text that tells it.</summary>
    public static readonly TheoryData<string, string> RequiredSteps = new()
    {
        { "register the resource providers", "az provider register --namespace" },
        { "check Flex Consumption is offered in the region", "az functionapp list-flexconsumption-locations" },
        { "check .NET 10 is offered there", "az functionapp list-flexconsumption-runtimes --location \"$LOCATION\" --runtime dotnet-isolated" },
        { "start from the App manifest", "infra/github-app-manifest.json" },
        { "post the manifest to GitHub", "/settings/apps/new" },
        { "exchange the manifest code", "/app-manifests/$CODE/conversions" },
        { "name the key file as GitHub does", "<app-slug>.<yyyy-mm-dd>.private-key.pem" },
        { "install the App", "/installations/new" },
        { "say where the parameters file is", "infra/bicep/main.bicepparam" },
        { "preview the deployment", "az deployment group what-if" },
        { "deploy", "az deployment group create" },
        { "rerun after a role assignment race", "PrincipalNotFound" },
        { "publish the app", "az functionapp deployment source config-zip" },
        { "check the Key Vault references on first start", "/config/configreferences/appsettings" },
        { "read the webhook URL output", "properties.outputs.webhookUrl.value" },
        { "set the webhook secret at GitHub", "**Webhook secret** to `$SCALER_WEBHOOK_SECRET`" },
        { "smoke test with a ping", "X-GitHub-Event: ping" },
        { "smoke test with one job", "gh workflow run" },
        { "choose the runners' egress", "`natGatewayId`" },
        { "create the runners' own resource group", "az group create --name \"$RUNNERS_RG\"" },
        { "say that runners in the app's group are less isolated", "less isolated" },
        { "delete the runners' group on tear down", "az group delete --name \"$RUNNERS_RG\"" },
    };

    private static readonly string[] ResourceProviders =
    [
        "Microsoft.Web", "Microsoft.Compute", "Microsoft.Network", "Microsoft.Storage", "Microsoft.KeyVault",
        "Microsoft.Insights", "Microsoft.OperationalInsights", "Microsoft.ManagedIdentity", "Microsoft.App",
    ];

    private static readonly Lazy<string> Page = new(() => File.ReadAllText(Path.Combine(Templates.RepositoryRoot, "docs", "deploy.md")));

    [Theory]
    [MemberData(nameof(RequiredSteps))]
    public void DeployGuide_TellsTheReaderTo(string step, string text)
    {
        Assert.True(Page.Value.Contains(text, StringComparison.Ordinal), $"docs/deploy.md does not {step} (no '{text}')");
    }

    [Fact]
    public void DeployGuide_RegistersEveryResourceProviderTheTemplateUses()
    {
        var loop = Page.Value[Page.Value.IndexOf("for namespace in", StringComparison.Ordinal)..Page.Value.IndexOf("az provider register", StringComparison.Ordinal)];

        Assert.All(ResourceProviders, p => Assert.Matches($@"(^|\s){Regex.Escape(p)}(\s|;|$)", loop));
        Assert.All(TemplateProviders(), p => Assert.Contains(p, ResourceProviders, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void DeployGuide_GoesThroughTheStepsInOrder()
    {
        var order = new[]
        {
            "az provider register", "list-flexconsumption-runtimes", "/app-manifests/", "infra/bicep/main.bicepparam",
            "az deployment group what-if", "az deployment group create", "config-zip", "configreferences",
            "**Webhook URL**", "X-GitHub-Event: ping", "gh workflow run",
        };

        var positions = order.Select(text => Page.Value.IndexOf(text, StringComparison.Ordinal)).ToList();

        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void DeployGuide_NamesEveryParameterPoolFieldAndOutputOfTheTemplate()
    {
        var main = File.ReadAllText(Path.Combine(Templates.Folder, "main.bicep"));
        var types = File.ReadAllText(Path.Combine(Templates.Folder, "modules", "types.bicep"));
        var example = File.ReadAllText(Path.Combine(Templates.Folder, "main.bicepparam"));
        var pool = types[types.IndexOf("type pool = {", StringComparison.Ordinal)..types.IndexOf("type warmSchedule", StringComparison.Ordinal)];
        var fromEnvironment = EnvironmentParameter().Matches(example).ToDictionary(m => m.Groups["parameter"].Value, m => m.Groups["variable"].Value);

        var names = Declaration().Matches(main).Select(m => m.Groups["name"].Value)
            .Select(p => fromEnvironment.TryGetValue(p, out var variable) ? variable : p)
            .Concat(PoolField().Matches(pool).Select(m => m.Groups["name"].Value))
            .ToList();

        Assert.True(names.Count > 30, $"found only {names.Count} names in the templates");
        Assert.All(names, name => Assert.True(Page.Value.Contains($"`{name}`", StringComparison.Ordinal) || Page.Value.Contains(name + "=", StringComparison.Ordinal), $"docs/deploy.md does not name {name}"));
    }

    [Fact]
    public void DeployGuide_HasNoMachinePaths()
    {
        Assert.DoesNotMatch(@"(/work/|/tmp/|/home/|/Users/|C:\\)", Page.Value);
    }

    private static IEnumerable<string> TemplateProviders() =>
        Templates.BicepFiles()
            .SelectMany(f => ResourceType().Matches(File.ReadAllText(f)).Select(m => m.Groups["provider"].Value))
            .Where(p => !p.Equals("Microsoft.Authorization", StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase);

    [GeneratedRegex(@"^(param|output) (?<name>\w+) ", RegexOptions.Multiline)]
    private static partial Regex Declaration();

    [GeneratedRegex(@"^  (?<name>\w+): ", RegexOptions.Multiline)]
    private static partial Regex PoolField();

    [GeneratedRegex(@"^param (?<parameter>\w+) = readEnvironmentVariable\('(?<variable>\w+)'", RegexOptions.Multiline)]
    private static partial Regex EnvironmentParameter();

    [GeneratedRegex(@"resource \w+ '(?<provider>Microsoft\.\w+)/")]
    private static partial Regex ResourceType();
}
