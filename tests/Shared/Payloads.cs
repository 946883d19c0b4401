using System.Text;
using Scaler.Core.Intake;

namespace Scaler.Tests.Shared;

/// <summary>The payload files under tests/Payloads, and signing as GitHub signs.</summary>
internal static class Payloads
{
    public static byte[] Read(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Payloads", name));

    public static string Sign(byte[] body, string secret = TestSettings.Secret) => WebhookSignature.Sign(body, secret);

    public static WebhookRequest Request(string @event, byte[] body, string? signature = "sign", string? delivery = null) =>
        new(@event, delivery ?? Guid.NewGuid().ToString(), signature == "sign" ? Sign(body) : signature, body.Length, new MemoryStream(body));

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
