using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Scaler.Core.Intake;

namespace Scaler.Tests.Shared;

/// <summary>The payload files under tests/Payloads, and signing as GitHub signs.</summary>
internal static class Payloads
{
    public static byte[] Read(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Payloads", name));

    /// <summary>
    /// The payload with <c>workflow_job.created_at</c> set to <paramref name="createdAt"/>: tests on the real clock
    /// need it, as the intake ignores <c>queued</c> deliveries for jobs created more than 25 hours ago.
    /// </summary>
    public static byte[] ReadCreatedAt(string name, DateTimeOffset createdAt)
    {
        var payload = JsonNode.Parse(Read(name))!;
        payload["workflow_job"]!["created_at"] = createdAt.ToString("O", CultureInfo.InvariantCulture);
        return Encoding.UTF8.GetBytes(payload.ToJsonString());
    }

    public static string Sign(byte[] body, string secret = TestSettings.Secret) => WebhookSignature.Sign(body, secret);

    public static WebhookRequest Request(string @event, byte[] body, string? signature = "sign", string? delivery = null) =>
        new(@event, delivery ?? Guid.NewGuid().ToString(), signature == "sign" ? Sign(body) : signature, body.Length, new MemoryStream(body));

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
