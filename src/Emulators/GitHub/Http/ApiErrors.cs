using Microsoft.AspNetCore.Http;
using Scaler.Emulators.GitHub.Json;

namespace Scaler.Emulators.GitHub.Http;

/// <summary>GitHub's error shape: <c>{"message": ..., "documentation_url": ...}</c>.</summary>
internal static class ApiErrors
{
    private const string Docs = "https://docs.github.com/rest";

    public static IResult Error(int statusCode, string message, string documentationUrl = Docs) =>
        Results.Json(new ErrorBody(message, documentationUrl), GitHubJson.Options, statusCode: statusCode);

    public static IResult NotFound() => Error(StatusCodes.Status404NotFound, "Not Found");

    public static IResult Unprocessable(string message) => Error(StatusCodes.Status422UnprocessableEntity, message);

    public static IResult Forbidden(string message = "Resource not accessible by integration") => Error(StatusCodes.Status403Forbidden, message);

    public static Task WriteAsync(HttpContext context, int statusCode, string message, string documentationUrl = Docs) =>
        Error(statusCode, message, documentationUrl).ExecuteAsync(context);
}
