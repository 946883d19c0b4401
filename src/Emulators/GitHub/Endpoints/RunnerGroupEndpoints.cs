using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Scaler.Emulators.GitHub.Http;
using Scaler.Emulators.GitHub.Json;
using Scaler.Emulators.GitHub.Runners;

namespace Scaler.Emulators.GitHub.Endpoints;

/// <summary>
/// Reading runner groups: <c>GET /orgs/{org}/actions/runner-groups/{id}</c> with <c>.../repositories</c>, and
/// <c>GET /enterprises/{enterprise}/actions/runner-groups/{id}</c> with <c>.../organizations</c>, in GitHub's shapes.
/// </summary>
internal static class RunnerGroupEndpoints
{
    public static void Map(IEndpointRouteBuilder api, EmulatorContext emulator)
    {
        var org = api.MapGroup("/orgs/{org}/actions/runner-groups/{groupId:long}").WithMetadata(new AuthRequirementMetadata(AuthRequirement.InstallationOrPat));
        org.MapGet("/", (HttpContext context, long groupId) => WithGroup(context, RunnerScopeKind.Organization, groupId, emulator, group =>
            Results.Json(Group(context, group, "selected_repositories_url", "repositories"), GitHubJson.Options)));
        org.MapGet("/repositories", (HttpContext context, long groupId) => WithGroup(context, RunnerScopeKind.Organization, groupId, emulator, group =>
        {
            var repositories = Selected(group).Select(name => emulator.Tenants.FindRepository(name)).OfType<Tenancy.Repository>().ToList();
            var page = Pagination.Page(context, repositories);
            var items = new JsonArray(page.Select(r => (JsonNode)new JsonObject
            {
                ["id"] = r.Id,
                ["node_id"] = $"R_{r.Id}",
                ["name"] = r.Name,
                ["full_name"] = r.FullName,
                ["private"] = r.Private,
                ["owner"] = new JsonObject { ["login"] = r.Owner, ["type"] = "Organization" },
                ["html_url"] = $"https://github.com/{r.FullName}",
            }).ToArray());
            return Results.Json(new JsonObject { ["total_count"] = repositories.Count, ["repositories"] = items }, GitHubJson.Options);
        }));

        var enterprise = api.MapGroup("/enterprises/{enterprise}/actions/runner-groups/{groupId:long}").WithMetadata(new AuthRequirementMetadata(AuthRequirement.Pat));
        enterprise.MapGet("/", (HttpContext context, long groupId) => WithGroup(context, RunnerScopeKind.Enterprise, groupId, emulator, group =>
            Results.Json(Group(context, group, "selected_organizations_url", "organizations"), GitHubJson.Options)));
        enterprise.MapGet("/organizations", (HttpContext context, long groupId) => WithGroup(context, RunnerScopeKind.Enterprise, groupId, emulator, group =>
        {
            var organizations = Selected(group).Select(login => emulator.Tenants.FindOrganization(login)).OfType<Tenancy.Organization>().ToList();
            var page = Pagination.Page(context, organizations);
            var items = new JsonArray(page.Select(o => (JsonNode)new JsonObject
            {
                ["login"] = o.Login,
                ["id"] = o.Id,
                ["node_id"] = $"O_{o.Id}",
                ["url"] = $"https://api.github.com/orgs/{o.Login}",
                ["description"] = null,
            }).ToArray());
            return Results.Json(new JsonObject { ["total_count"] = organizations.Count, ["organizations"] = items }, GitHubJson.Options);
        }));
    }

    private static IResult WithGroup(HttpContext context, RunnerScopeKind kind, long groupId, EmulatorContext emulator, Func<RunnerGroupSeed, IResult> handler)
    {
        var (scope, error) = ScopeResolver.Resolve(context, kind, emulator.Tenants);
        if (error is not null)
        {
            return error;
        }

        var group = emulator.Tenants.FindRunnerGroup(kind == RunnerScopeKind.Enterprise, scope!.Name, groupId);
        return group is null ? ApiErrors.NotFound() : handler(group);
    }

    /// <summary>Only a group of selected repositories or organizations has a list; GitHub answers the others with none.</summary>
    private static IReadOnlyList<string> Selected(RunnerGroupSeed group) =>
        string.Equals(group.Visibility, "selected", StringComparison.Ordinal) ? group.Selected ?? [] : [];

    private static JsonObject Group(HttpContext context, RunnerGroupSeed group, string selectedUrlName, string selectedPath)
    {
        var self = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{context.Request.Path.Value?.TrimEnd('/')}";
        var body = new JsonObject
        {
            ["id"] = group.Id,
            ["name"] = group.Name,
            ["visibility"] = group.Visibility,
            ["default"] = group.Id == 1,
        };

        // GitHub names the list only for a group of selected repositories (organizations).
        if (string.Equals(group.Visibility, "selected", StringComparison.Ordinal))
        {
            body[selectedUrlName] = $"{self}/{selectedPath}";
        }

        body["runners_url"] = $"{self}/runners";
        body["hosted_runners_url"] = $"{self}/hosted-runners";
        body["inherited"] = false;
        body["allows_public_repositories"] = group.AllowsPublicRepositories;
        body["restricted_to_workflows"] = false;
        body["selected_workflows"] = new JsonArray();
        body["workflow_restrictions_read_only"] = false;
        return body;
    }
}
