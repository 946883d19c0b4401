using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Scaler.Emulators.GitHub.Http;
using Scaler.Emulators.GitHub.Json;

namespace Scaler.Emulators.GitHub.Endpoints;

/// <summary>Workflow jobs: reading one, re-running one.</summary>
internal static class JobEndpoints
{
    public static void Map(IEndpointRouteBuilder api, EmulatorContext emulator)
    {
        api.MapGet("/repos/{owner}/{repo}/actions/jobs/{jobId:long}", (string owner, string repo, long jobId) =>
            emulator.Scheduler.Describe(jobId, $"{owner}/{repo}") is { } job ? Results.Json(job, GitHubJson.Options) : ApiErrors.NotFound())
            .WithMetadata(new AuthRequirementMetadata(AuthRequirement.InstallationOrPat));

        api.MapPost("/repos/{owner}/{repo}/actions/jobs/{jobId:long}/rerun", (string owner, string repo, long jobId) =>
        {
            var job = emulator.Scheduler.Find(jobId);
            if (job is null || !string.Equals(job.RepositoryFullName, $"{owner}/{repo}", StringComparison.OrdinalIgnoreCase))
            {
                return ApiErrors.NotFound();
            }

            return emulator.Scheduler.Rerun(jobId) is null
                ? ApiErrors.Error(StatusCodes.Status403Forbidden, "This job cannot be re-run: it has not completed or was re-run already.")
                : Results.Json(new Dictionary<string, object>(), statusCode: StatusCodes.Status201Created);
        }).WithMetadata(new AuthRequirementMetadata(AuthRequirement.InstallationOrPat));
    }
}
