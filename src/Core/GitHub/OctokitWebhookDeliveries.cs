using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Octokit;
using Scaler.Core.Failures;

namespace Scaler.Core.GitHub;

/// <summary>The App's delivery log through Octokit's connection, authenticated with the App's JWT.</summary>
public sealed partial class OctokitWebhookDeliveries : IWebhookDeliveries, IDisposable
{
    private const int PageSize = 100;
    private readonly AppJwtFactory? jwts;
    private readonly Connection? connection;
    private readonly TimeProvider time;
    private readonly TimeSpan backoff;

    public OctokitWebhookDeliveries(IOptions<GitHubOptions> options, IOptions<GitHubClientOptions> clientOptions, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clientOptions);
        this.time = time;
        backoff = clientOptions.Value.RateLimitBackoff;
        if (options.Value.UsesApp)
        {
            jwts = new AppJwtFactory(options.Value.AppId, options.Value.AppPrivateKey, time);
            connection = new Connection(new ProductHeaderValue("scaler", "1.0"), GitHubApiUrl.Normalize(options.Value.ApiUrl), new AppJwtCredentialStore(jwts));
        }
    }

    public bool Available => connection is not null;

    public async Task<IReadOnlyList<HookDelivery>> ListSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var deliveries = new List<HookDelivery>();
        var parameters = new Dictionary<string, string> { ["per_page"] = PageSize.ToString(CultureInfo.InvariantCulture) };
        while (connection is not null)
        {
            IApiResponse<List<DeliveryModel>> response;
            try
            {
                response = await connection.Get<List<DeliveryModel>>(new Uri("app/hook/deliveries", UriKind.Relative), parameters, null, cancellationToken);
            }
            catch (Exception ex) when (ex is ApiException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw GitHubFailures.Map(ex, GitHubOperation.ListDeliveries, time.GetUtcNow(), backoff);
            }

            var page = response.Body.Select(d => d.ToDelivery()).ToList();
            deliveries.AddRange(page.Where(d => d.DeliveredAt >= since));
            var next = response.HttpResponse.Headers.TryGetValue("Link", out var link) ? NextCursor().Match(link) : Match.Empty;
            if (page.Count == 0 || page[^1].DeliveredAt < since || !next.Success)
            {
                break;
            }

            parameters["cursor"] = Uri.UnescapeDataString(next.Groups[1].Value);
        }

        return deliveries;
    }

    public async Task RedeliverAsync(long deliveryId, CancellationToken cancellationToken)
    {
        if (connection is null)
        {
            throw GitHubFailures.Failure(FailureKind.Unauthorized, "redelivering webhooks needs a GitHub App (GitHub__AppId and GitHub__AppPrivateKey)");
        }

        try
        {
            await new ApiConnection(connection).Post(new Uri($"app/hook/deliveries/{deliveryId}/attempts", UriKind.Relative), cancellationToken);
        }
        catch (Exception ex) when (ex is ApiException or HttpRequestException)
        {
            throw GitHubFailures.Map(ex, GitHubOperation.Redeliver, time.GetUtcNow(), backoff);
        }
    }

    public void Dispose() => jwts?.Dispose();

    [GeneratedRegex("[?&]cursor=([^&>]+)[^>]*>;\\s*rel=\"next\"")]
    private static partial Regex NextCursor();

#pragma warning disable CA1812 // Instantiated by Octokit's serializer.
    private sealed class DeliveryModel
    {
        public long Id { get; set; }

        public string Guid { get; set; } = "";

        public DateTimeOffset DeliveredAt { get; set; }

        public bool Redelivery { get; set; }

        public string Status { get; set; } = "";

        public string Event { get; set; } = "";

        public string? Action { get; set; }

        public HookDelivery ToDelivery() =>
            new(Id, System.Guid.TryParse(Guid, out var guid) ? guid : System.Guid.Empty, DeliveredAt, Redelivery, Status, Event, Action);
    }
#pragma warning restore CA1812
}
