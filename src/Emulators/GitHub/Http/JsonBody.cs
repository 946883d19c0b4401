using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Scaler.Emulators.GitHub.Json;

namespace Scaler.Emulators.GitHub.Http;

/// <summary>Reads a JSON body whatever its <c>Content-Type</c> (GitHub does; Octokit sends form-urlencoded by default).</summary>
internal static class JsonBody
{
    public static async Task<(T? Body, IResult? Error)> ReadAsync<T>(HttpContext context)
        where T : class
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(context.Request.Body, GitHubJson.Options, context.RequestAborted);
            return body is null ? (null, ProblemsParsing()) : (body, null);
        }
        catch (JsonException)
        {
            return (null, ProblemsParsing());
        }
    }

    private static IResult ProblemsParsing() => ApiErrors.Error(StatusCodes.Status400BadRequest, "Problems parsing JSON");
}
