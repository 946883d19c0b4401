using System.Text.Json.Nodes;

namespace Scaler.Infrastructure.Tests;

/// <summary>
/// What a deployment of main.bicep with one parameters file would create: <c>bicep snapshot</c> expands the
/// modules and loops and evaluates every expression it can offline (values only Azure knows, such as the
/// identity's client id, stay ARM expressions). Secure parameters are never evaluated.
/// </summary>
internal sealed class Deployment
{
    public const string WebhookSecret = "webhook-secret-for-the-infrastructure-tests";
    public const string AppPrivateKey = "-----BEGIN RSA PRIVATE KEY-----\nnot-a-real-key\n-----END RSA PRIVATE KEY-----";
    public const string Token = "ghp_not_a_real_token_for_the_infrastructure_tests";
    public const string SubscriptionId = "00000000-0000-0000-0000-000000000001";
    public const string ResourceGroup = "scaler-rg";

    /// <summary>The runners' resource group when none is given: the app's group's name with -runners.</summary>
    public const string RunnersResourceGroup = ResourceGroup + "-runners";

    /// <summary>A gallery image in the runners' resource group, used by the PAT deployment's pool.</summary>
    public const string GalleryImageId = $"/subscriptions/{SubscriptionId}/resourceGroups/{RunnersResourceGroup}/providers/Microsoft.Compute/galleries/runners/images/ubuntu/versions/1.0.0";

    /// <summary>A NAT gateway in another resource group, which the PAT deployment brings for the runners' egress.</summary>
    public const string ExistingNatGatewayId = $"/subscriptions/{SubscriptionId}/resourceGroups/network/providers/Microsoft.Network/natGateways/egress";

    private static readonly Lazy<Task<Deployment>> ExampleDeployment = new(() => SnapshotAsync("main.bicepparam", null));
    private static readonly Lazy<Task<Deployment>> PatDeployment = new(() => SnapshotAsync("pat.bicepparam", PatParameters));

    private const string PatParameters = $$"""
        using 'main.bicep'

        param webhookSecret = readEnvironmentVariable('SCALER_WEBHOOK_SECRET')
        param githubToken = readEnvironmentVariable('SCALER_GITHUB_TOKEN')
        param runnerMirror = true
        param natGatewayId = '{{ExistingNatGatewayId}}'
        param pools = [
          {
            name: 'enterprise'
            labels: ['linux']
            scope: 'enterprise'
            owner: 'contoso-enterprise'
            vmSizes: ['Standard_D2ads_v5']
            image: '{{GalleryImageId}}'
          }
        ]
        """;

    private Deployment(JsonObject snapshot, string text)
    {
        // Tests in parallel read one snapshot: its nodes are built now, as JsonNode builds them lazily and not thread-safely.
        Materialize(snapshot);
        Snapshot = snapshot;
        Text = text;
    }

    public JsonObject Snapshot { get; }

    private static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    Materialize(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Materialize(child);
                }

                break;
        }
    }

    /// <summary>The snapshot as bicep wrote it.</summary>
    public string Text { get; }

    /// <summary>The template's outputs, name to value (a literal or an ARM expression).</summary>
    public JsonObject Outputs => Snapshot["outputs"]!.AsObject();

    public IEnumerable<JsonObject> Resources => Snapshot["predictedResources"]!.AsArray().Select(r => r!.AsObject());

    /// <summary>The example main.bicepparam: two org pools, a GitHub App.</summary>
    public static Task<Deployment> Example => ExampleDeployment.Value;

    /// <summary>An enterprise pool with a gallery image, a personal access token and no App; the runner mirror on; an existing NAT gateway.</summary>
    public static Task<Deployment> Pat => PatDeployment.Value;

    public IEnumerable<JsonObject> OfType(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    public JsonObject Single(string type) => Assert.Single(OfType(type));

    /// <summary>The function app's settings, name to value (a literal or an ARM expression).</summary>
    public IReadOnlyDictionary<string, string> AppSettings =>
        Single("Microsoft.Web/sites")["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(s => (string)s!["name"]!, s => (string)s!["value"]!, StringComparer.Ordinal);

    /// <summary>A deployment with these parameters (a whole .bicepparam file; secrets read from the environment as in the PAT deployment).</summary>
    public static Task<Deployment> WithParametersAsync(string name, string contents) => SnapshotAsync(name + ".bicepparam", contents);

    /// <summary>Runs <c>bicep snapshot</c> on these parameters and returns its exit code and output, for parameters bicep must refuse.</summary>
    public static async Task<(int ExitCode, string Output)> TrySnapshotAsync(string name, string contents)
    {
        var (exitCode, output, _) = await RunSnapshotAsync(name + ".bicepparam", contents);
        return (exitCode, output);
    }

    private static async Task<Deployment> SnapshotAsync(string parametersFile, string? contents)
    {
        var (exitCode, output, text) = await RunSnapshotAsync(parametersFile, contents);
        Assert.True(exitCode == 0 && output.Length == 0 && text is not null, $"bicep snapshot {parametersFile} exited {exitCode}:\n{output}");
        return new Deployment(JsonNode.Parse(text)!.AsObject(), text);
    }

    private static async Task<(int ExitCode, string Output, string? Text)> RunSnapshotAsync(string parametersFile, string? contents)
    {
        var folder = Templates.CopyToTemp();
        try
        {
            if (contents is not null)
            {
                await File.WriteAllTextAsync(Path.Combine(folder, parametersFile), contents);
            }

            var environment = new Dictionary<string, string>
            {
                ["SCALER_WEBHOOK_SECRET"] = WebhookSecret,
                ["SCALER_GITHUB_APP_ID"] = contents is null ? "123456" : "",
                ["SCALER_GITHUB_APP_PRIVATE_KEY"] = contents is null ? AppPrivateKey : "",
                ["SCALER_GITHUB_TOKEN"] = contents is null ? "" : Token,
            };
            var (exitCode, output) = await BicepCli.RunAsync(folder, environment,
                "snapshot", parametersFile, "--mode", "overwrite",
                "--subscription-id", SubscriptionId, "--resource-group", ResourceGroup,
                "--tenant-id", "00000000-0000-0000-0000-000000000002", "--location", "westeurope");
            var path = Path.Combine(folder, Path.ChangeExtension(parametersFile, ".snapshot.json"));
            return (exitCode, output, File.Exists(path) ? await File.ReadAllTextAsync(path) : null);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
