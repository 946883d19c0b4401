using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.ResourceManager;

namespace Scaler.Core.Compute;

/// <summary>Builds the <see cref="ArmClient"/> that <see cref="AzureRunnerVms"/> uses, from <see cref="AzureOptions"/>.</summary>
public static class ArmClientFactory
{
    private static readonly ArmEnvironment[] KnownClouds =
    [
        ArmEnvironment.AzurePublicCloud,
        ArmEnvironment.AzureChina,
        ArmEnvironment.AzureGovernment,
        ArmEnvironment.AzureGermany,
    ];

    /// <summary>
    /// An <see cref="ArmClient"/> for <see cref="AzureOptions.ManagementEndpoint"/>. Without a <paramref name="credential"/>,
    /// a user-assigned managed identity when <see cref="AzureOptions.ClientId"/> is set, else <c>DefaultAzureCredential</c>.
    /// <paramref name="transport"/> and <paramref name="configure"/> exist for tests (an emulator's certificate, short retry delays).
    /// </summary>
    public static ArmClient Create(AzureOptions options, TokenCredential? credential = null, HttpPipelineTransport? transport = null, Action<ArmClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientOptions = new ArmClientOptions { Environment = Environment(options.ManagementEndpoint) };
        if (transport is not null)
        {
            clientOptions.Transport = transport;
        }

        configure?.Invoke(clientOptions);
        return new ArmClient(credential ?? Credential(options), defaultSubscriptionId: null, clientOptions);
    }

    /// <summary>The managed identity of <see cref="AzureOptions.ClientId"/>, else <c>DefaultAzureCredential</c>.</summary>
    public static TokenCredential Credential(AzureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.ClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ClientId));
    }

    /// <summary>
    /// A known cloud's environment (its token audience), else the endpoint with the public cloud's audience, which is
    /// what emulators and Azure Stack Hub with Entra ID expect.
    /// </summary>
    public static ArmEnvironment Environment(Uri managementEndpoint)
    {
        ArgumentNullException.ThrowIfNull(managementEndpoint);
        foreach (var cloud in KnownClouds)
        {
            if (Uri.Compare(cloud.Endpoint, managementEndpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
            {
                return cloud;
            }
        }

        return new ArmEnvironment(managementEndpoint, ArmEnvironment.AzurePublicCloud.Audience);
    }
}
