using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Scaler.Emulators.GitHub.Http;
using Scaler.Emulators.GitHub.Json;
using Scaler.Emulators.GitHub.Tenancy;

namespace Scaler.Emulators.GitHub.Endpoints;

/// <summary>Endpoints authenticated with the App JWT: installations and their access tokens.</summary>
internal static class AppEndpoints
{
    public static void Map(IEndpointRouteBuilder api, EmulatorContext emulator)
    {
        var jwt = new AuthRequirementMetadata(AuthRequirement.AppJwt);

        api.MapPost("/app/installations/{installationId:long}/access_tokens", (long installationId) =>
        {
            if (!emulator.Tenants.InstallationExists(installationId))
            {
                return ApiErrors.NotFound();
            }

            var (token, expiresAt) = emulator.Tokens.IssueInstallationToken(installationId);
            return Results.Json(new AccessTokenBody(token, expiresAt), GitHubJson.Options, statusCode: StatusCodes.Status201Created);
        }).WithMetadata(jwt);

        api.MapGet("/app/installations/{installationId:long}", (long installationId) =>
            Installation(emulator, emulator.Tenants.FindOrganizationByInstallation(installationId))).WithMetadata(jwt);

        api.MapGet("/orgs/{org}/installation", (string org) =>
            Installation(emulator, emulator.Tenants.FindOrganization(org))).WithMetadata(jwt);

        api.MapGet("/repos/{owner}/{repo}/installation", (string owner, string repo) =>
            emulator.Tenants.FindRepository(owner, repo) is { } repository
                ? Installation(emulator, emulator.Tenants.FindOrganization(repository.Owner))
                : ApiErrors.NotFound()).WithMetadata(jwt);
    }

    private static IResult Installation(EmulatorContext emulator, Organization? organization)
    {
        if (organization?.InstallationId is not { } installationId)
        {
            return ApiErrors.NotFound();
        }

        var created = DateTimeOffset.UnixEpoch.AddYears(50);
        var body = new InstallationBody(
            installationId,
            new AccountBody(organization.Login, organization.Id, "Organization"),
            emulator.Options.AppId,
            "Organization",
            organization.Id,
            "all",
            created,
            created);
        return Results.Json(body, GitHubJson.Options);
    }
}
