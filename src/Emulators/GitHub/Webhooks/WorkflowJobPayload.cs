using System.Text.Json;
using System.Text.Json.Nodes;
using Scaler.Emulators.GitHub.Jobs;
using Scaler.Emulators.GitHub.Json;
using Scaler.Emulators.GitHub.Tenancy;

namespace Scaler.Emulators.GitHub.Webhooks;

/// <summary>Builds the body of a <c>workflow_job</c> delivery in GitHub's shape.</summary>
internal static class WorkflowJobPayload
{
    public static byte[] Build(WorkflowJob job, string action, Tenants tenants)
    {
        var repository = job.Repository;
        var organization = tenants.FindOrganization(repository.Owner);
        var repoUrl = $"https://github.com/{repository.FullName}";
        var payload = new JsonObject
        {
            ["action"] = action,
            ["workflow_job"] = Job(job),
            ["repository"] = new JsonObject
            {
                ["id"] = repository.Id,
                ["name"] = repository.Name,
                ["full_name"] = repository.FullName,
                ["private"] = repository.Private,
                ["visibility"] = repository.Private ? "private" : "public",
                ["html_url"] = repoUrl,
                ["owner"] = new JsonObject { ["login"] = repository.Owner, ["id"] = organization?.Id, ["type"] = "Organization" },
            },
        };
        if (organization is not null)
        {
            payload["organization"] = new JsonObject { ["login"] = organization.Login, ["id"] = organization.Id };
            if (organization.EnterpriseSlug is { } slug && tenants.FindEnterprise(slug) is { } enterprise)
            {
                payload["enterprise"] = new JsonObject { ["slug"] = enterprise.Slug, ["id"] = enterprise.Id, ["name"] = enterprise.Slug };
            }

            if (organization.InstallationId is { } installationId)
            {
                payload["installation"] = new JsonObject { ["id"] = installationId, ["node_id"] = $"MDIz{installationId}" };
            }
        }

        payload["sender"] = new JsonObject { ["login"] = "octocat", ["id"] = 583231, ["type"] = "User" };
        return JsonSerializer.SerializeToUtf8Bytes(payload, GitHubJson.Options);
    }

    /// <summary>The <c>workflow_job</c> object, as webhooks carry it and <c>GET .../actions/jobs/{id}</c> returns it.</summary>
    public static JsonObject Job(WorkflowJob job)
    {
        var repository = job.Repository;
        return new JsonObject
        {
            ["id"] = job.Id,
            ["run_id"] = job.RunId,
            ["workflow_name"] = job.Request.WorkflowName,
            ["head_branch"] = job.Request.HeadBranch,
            ["run_url"] = $"https://api.github.com/repos/{repository.FullName}/actions/runs/{job.RunId}",
            ["run_attempt"] = job.RunAttempt,
            ["node_id"] = $"CR_kwDO{job.Id}",
            ["head_sha"] = "0000000000000000000000000000000000000000",
            ["url"] = $"https://api.github.com/repos/{repository.FullName}/actions/jobs/{job.Id}",
            ["html_url"] = $"https://github.com/{repository.FullName}/actions/runs/{job.RunId}/job/{job.Id}",
            ["status"] = job.Status,
            ["conclusion"] = job.Conclusion,
            ["created_at"] = Time(job.CreatedAt),
            ["started_at"] = Time(job.StartedAt ?? job.CreatedAt),
            ["completed_at"] = job.CompletedAt is { } completed ? Time(completed) : null,
            ["name"] = job.Request.Name,
            ["steps"] = new JsonArray(),
            ["check_run_url"] = $"https://api.github.com/repos/{repository.FullName}/check-runs/{job.Id}",
            ["labels"] = new JsonArray(job.Request.Labels.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
            ["runner_id"] = job.RunnerId,
            ["runner_name"] = job.RunnerName,
            ["runner_group_id"] = job.RunnerGroupId,
            ["runner_group_name"] = job.RunnerGroupName,
        };
    }

    private static string Time(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
