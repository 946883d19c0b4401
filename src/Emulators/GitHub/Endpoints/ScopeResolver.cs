using Microsoft.AspNetCore.Http;
using Scaler.Emulators.GitHub.Auth;
using Scaler.Emulators.GitHub.Http;
using Scaler.Emulators.GitHub.Runners;
using Scaler.Emulators.GitHub.Tenancy;

namespace Scaler.Emulators.GitHub.Endpoints;

/// <summary>Turns a route's owner/repo, org or enterprise into a <see cref="RunnerScope"/> the caller may use.</summary>
internal static class ScopeResolver
{
    public static (RunnerScope? Scope, IResult? Error) Resolve(HttpContext context, RunnerScopeKind kind, Tenants tenants)
    {
        var values = context.Request.RouteValues;
        var caller = ApiPipeline.Caller(context);
        switch (kind)
        {
            case RunnerScopeKind.Repository:
                var repository = tenants.FindRepository((string)values["owner"]!, (string)values["repo"]!);
                if (repository is null)
                {
                    return (null, ApiErrors.NotFound());
                }

                return Allowed(caller, tenants.FindOrganization(repository.Owner))
                    ? (RunnerScope.Repository(repository.FullName), null)
                    : (null, ApiErrors.Forbidden());
            case RunnerScopeKind.Organization:
                var organization = tenants.FindOrganization((string)values["org"]!);
                if (organization is null)
                {
                    return (null, ApiErrors.NotFound());
                }

                return Allowed(caller, organization)
                    ? (RunnerScope.Organization(organization.Login), null)
                    : (null, ApiErrors.Forbidden());
            default:
                var enterprise = tenants.FindEnterprise((string)values["enterprise"]!);
                return enterprise is null
                    ? (null, ApiErrors.NotFound())
                    : (RunnerScope.Enterprise(enterprise.Slug), null);
        }
    }

    private static bool Allowed(CallerIdentity caller, Organization? organization) =>
        caller.Kind == CallerKind.PersonalAccessToken
        || (caller.Kind == CallerKind.Installation && organization?.InstallationId == caller.InstallationId);
}
