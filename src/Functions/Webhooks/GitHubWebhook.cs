using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Scaler.Core.Intake;

namespace Scaler.Functions.Webhooks;

/// <summary>
/// <c>POST /api/github/webhook</c>. Anonymous at the Functions level: GitHub cannot send a function key
/// in a header, and a key in the URL would be shown wherever the URL is; the HMAC signature over the body
/// is the authentication, checked before the body is parsed. Until then the body counts against the
/// intake's budget for unauthenticated bodies (a 503 with <c>Retry-After</c> when it is spent).
/// </summary>
public sealed class GitHubWebhook(WebhookIntake intake)
{
    [Function(nameof(GitHubWebhook))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "github/webhook")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var delivery = WebhookRequest.From(name => request.Headers[name], request.ContentLength, request.Body);
        var result = await intake.AcceptAsync(delivery, cancellationToken);
        if (result.RetryAfterHeader is { } retryAfter)
        {
            request.HttpContext.Response.Headers.RetryAfter = retryAfter;
        }

        return new JsonResult(result.Response, WebhookJson.Default.Options) { StatusCode = result.StatusCode };
    }
}
