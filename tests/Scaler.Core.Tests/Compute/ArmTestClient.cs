using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;
using Scaler.Core.Compute;

namespace Scaler.Core.Tests.Compute;

/// <summary>The real <see cref="ArmClient"/> over a test transport, with a fixed token and short retry delays.</summary>
internal static class ArmTestClient
{
    public static ArmClient Create(Uri endpoint, HttpMessageHandler handler, int maxRetries = 1) =>
        ArmClientFactory.Create(
            new AzureOptions { ManagementEndpoint = endpoint },
            new FixedTokenCredential(),
            new HttpClientTransport(new HttpClient(handler)),
            options =>
            {
                options.Retry.MaxRetries = maxRetries;
                options.Retry.Mode = RetryMode.Fixed;
                options.Retry.Delay = TimeSpan.FromMilliseconds(1);
                options.Retry.MaxDelay = TimeSpan.FromMilliseconds(5);
            });

    private sealed class FixedTokenCredential : TokenCredential
    {
        private static readonly AccessToken Token = new("test-token", DateTimeOffset.UtcNow.AddDays(1));

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => Token;

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(Token);
    }
}
