using System.Net;
using System.Text;
using Azure.Core.Pipeline;

namespace Scaler.Core.Tests.Fakes;

/// <summary>
/// A storage service that answers every request with one error, as Azure Storage shapes it (status, <c>x-ms-error-code</c>,
/// optional <c>Retry-After</c>), for the real Table and Queue clients to run over.
/// </summary>
internal sealed class FailingStorageHandler(HttpStatusCode status, string code, TimeSpan? retryAfter = null) : HttpMessageHandler
{
    public const string Account = "scaler";

    /// <summary>An account key that signs requests; nothing checks it.</summary>
    public static readonly string Key = Convert.ToBase64String(new byte[64]);

    public int Requests { get; private set; }

    /// <summary>The transport for a client's options, with the SDK's retries left out.</summary>
    public HttpClientTransport Transport() => new(new HttpClient(this));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests++;
        // Table storage answers errors in JSON, the other services in XML.
        var table = request.RequestUri!.Host.Contains(".table.", StringComparison.Ordinal);
        var content = table
            ? new StringContent("{\"odata.error\":{\"code\":\"" + code + "\",\"message\":{\"lang\":\"en-US\",\"value\":\"The service answered " + code + ".\\nRequestId:0\"}}}", Encoding.UTF8, "application/json")
            : new StringContent($"<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{code}</Code><Message>The service answered {code}.\nRequestId:0</Message></Error>", Encoding.UTF8, "application/xml");
        var response = new HttpResponseMessage(status) { Content = content };
        response.Headers.Add("x-ms-error-code", code);
        if (retryAfter is { } after)
        {
            response.Headers.Add("Retry-After", ((int)after.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return Task.FromResult(response);
    }
}
