using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Scaler.Emulators.GitHub.Http;
using Scaler.Emulators.GitHub.Json;
using Scaler.Emulators.GitHub.Runners;

namespace Scaler.Emulators.GitHub.Endpoints;

/// <summary>Self-hosted runner endpoints at repository, organization and enterprise scope.</summary>
internal static class RunnerEndpoints
{
    public static void Map(IEndpointRouteBuilder api, EmulatorContext emulator)
    {
        MapScope(api.MapGroup("/repos/{owner}/{repo}/actions/runners"), RunnerScopeKind.Repository, AuthRequirement.InstallationOrPat, emulator);
        MapScope(api.MapGroup("/orgs/{org}/actions/runners"), RunnerScopeKind.Organization, AuthRequirement.InstallationOrPat, emulator);
        MapScope(api.MapGroup("/enterprises/{enterprise}/actions/runners"), RunnerScopeKind.Enterprise, AuthRequirement.Pat, emulator);
    }

    private static void MapScope(RouteGroupBuilder group, RunnerScopeKind kind, AuthRequirement requirement, EmulatorContext emulator)
    {
        group.WithMetadata(new AuthRequirementMetadata(requirement));

        group.MapPost("/generate-jitconfig", async (HttpContext context) =>
        {
            var (body, error) = await JsonBody.ReadAsync<JitConfigRequest>(context);
            return error ?? WithScope(context, kind, emulator, scope => GenerateJitConfig(context, scope, body!, emulator));
        });

        group.MapPost("/registration-token", (HttpContext context) =>
            WithScope(context, kind, emulator, _ => IssueRunnerToken(emulator)));

        group.MapPost("/remove-token", (HttpContext context) =>
            WithScope(context, kind, emulator, _ => IssueRunnerToken(emulator)));

        group.MapGet("/", (HttpContext context) => WithScope(context, kind, emulator, scope =>
        {
            List<RunnerBody> runners;
            lock (emulator.Registry.Gate)
            {
                runners = emulator.Registry.List(scope).Select(ToBody).ToList();
            }

            var page = Pagination.Page(context, runners);
            return Results.Json(new RunnerListBody(runners.Count, page), GitHubJson.Options);
        }));

        group.MapGet("/downloads", (HttpContext context) =>
            WithScope(context, kind, emulator, _ => Results.Json(ReleaseEndpoints.Downloads(emulator), GitHubJson.Options)));

        group.MapGet("/{runnerId:long}", (HttpContext context, long runnerId) => WithScope(context, kind, emulator, scope =>
        {
            lock (emulator.Registry.Gate)
            {
                var runner = emulator.Registry.Find(scope, runnerId);
                return runner is null ? ApiErrors.NotFound() : Results.Json(ToBody(runner), GitHubJson.Options);
            }
        }));

        group.MapDelete("/{runnerId:long}", (HttpContext context, long runnerId) => WithScope(context, kind, emulator, scope =>
        {
            lock (emulator.Registry.Gate)
            {
                return emulator.Registry.Delete(scope, runnerId) switch
                {
                    DeleteRunnerOutcome.Deleted => Results.NoContent(),
                    DeleteRunnerOutcome.Busy => ApiErrors.Unprocessable("Bad request - Runner \"" + emulator.Registry.Find(runnerId)?.Name + "\" is still running a job\""),
                    _ => ApiErrors.NotFound(),
                };
            }
        }));
    }

    private static IResult WithScope(HttpContext context, RunnerScopeKind kind, EmulatorContext emulator, Func<RunnerScope, IResult> handler)
    {
        var (scope, error) = ScopeResolver.Resolve(context, kind, emulator.Tenants);
        return error ?? handler(scope!);
    }

    private static IResult GenerateJitConfig(HttpContext context, RunnerScope scope, JitConfigRequest body, EmulatorContext emulator)
    {
        if (string.IsNullOrWhiteSpace(body.Name))
        {
            return ApiErrors.Unprocessable("Invalid request.\n\n\"name\" wasn't supplied.");
        }

        if (body.RunnerGroupId is not { } groupId)
        {
            return ApiErrors.Unprocessable("Invalid request.\n\n\"runner_group_id\" wasn't supplied.");
        }

        if (body.Labels is null || body.Labels.Count is < 1 or > 100 || body.Labels.Any(string.IsNullOrWhiteSpace))
        {
            return ApiErrors.Unprocessable("Invalid request.\n\nFor 'properties/labels', the array must hold 1 to 100 non-empty items.");
        }

        lock (emulator.Registry.Gate)
        {
            var (outcome, runner) = emulator.Registry.Create(scope, body.Name, groupId, body.Labels, ephemeral: true);
            switch (outcome)
            {
                case CreateRunnerOutcome.NameExists:
                    return ApiErrors.Error(StatusCodes.Status409Conflict, "Already exists - A runner with the name " + body.Name + " already exists.");
                case CreateRunnerOutcome.GroupFull:
                    return ApiErrors.Unprocessable("Runner group " + groupId + " has reached its maximum number of runners.");
            }

            runner!.JitClientId = Guid.NewGuid().ToString();
            var baseUri = new Uri($"{context.Request.Scheme}://{context.Request.Host}/");
            var encoded = emulator.JitConfigs.Encode(runner, runner.JitClientId, baseUri, body.WorkFolder);
            emulator.IssuedSecrets.Enqueue(encoded);
            return Results.Json(new JitConfigBody(ToBody(runner), encoded), GitHubJson.Options, statusCode: StatusCodes.Status201Created);
        }
    }

    private static IResult IssueRunnerToken(EmulatorContext emulator)
    {
        var (token, expiresAt) = emulator.Tokens.IssueRunnerToken();
        return Results.Json(new AccessTokenBody(token, expiresAt), GitHubJson.Options, statusCode: StatusCodes.Status201Created);
    }

    internal static RunnerBody ToBody(Runner runner) => new(
        runner.Id,
        runner.Name,
        runner.Os,
        runner.Online ? "online" : "offline",
        runner.Busy,
        runner.Ephemeral,
        runner.GroupId,
        runner.Version,
        runner.Labels.Select(l => new RunnerLabelBody(l.Id, l.Name, l.Type)).ToList());
}
