using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Scaler.Emulators.Arm.Json;

/// <summary>An ARM error response: an HTTP status and the <c>{"error":{"code","message"}}</c> body.</summary>
internal sealed record ArmError(int Status, string Code, string Message)
{
    public static ArmError NotFound(string type, string name, string resourceGroup) => new(
        StatusCodes.Status404NotFound,
        "ResourceNotFound",
        $"The Resource '{type}/{name}' under resource group '{resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");

    public static ArmError BadRequest(string code, string message) => new(StatusCodes.Status400BadRequest, code, message);

    /// <summary>An injected error: 500 is ARM's <c>InternalServerError</c>; another status is coded by its reason phrase, such as <c>ServiceUnavailable</c>.</summary>
    public static ArmError ServerError(int status) => status == StatusCodes.Status500InternalServerError
        ? new(status, "InternalServerError", "An internal server error occurred. Please try again later.")
        : new(status, ReasonPhrases.GetReasonPhrase(status).Replace(" ", "", StringComparison.Ordinal), "The request failed. Please try again later.");

    public object ToDetail() => new { code = Code, message = Message };

    public object ToBody() => new { error = ToDetail() };

    public async Task WriteAsync(HttpContext context, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = Status;
        context.Response.Headers["x-ms-failure-cause"] = "gateway";
        await context.Response.WriteAsJsonAsync(ToBody(), ArmJson.Options, cancellationToken);
    }
}

/// <summary>Serializer settings shared by every emulator response.</summary>
internal static class ArmJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
