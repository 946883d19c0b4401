using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Scaler.Emulators.GitHub.Endpoints;

/// <summary>GitHub's <c>page</c>/<c>per_page</c> paging with a <c>Link</c> header.</summary>
internal static class Pagination
{
    public static IReadOnlyList<T> Page<T>(HttpContext context, IReadOnlyList<T> items, int defaultPerPage = 30)
    {
        var perPage = Math.Clamp(ReadInt(context, "per_page") ?? defaultPerPage, 1, 100);
        var page = Math.Max(ReadInt(context, "page") ?? 1, 1);
        var lastPage = Math.Max((items.Count + perPage - 1) / perPage, 1);
        var links = new List<string>();
        if (page < lastPage)
        {
            links.Add(Link(context, perPage, page + 1, "next"));
            links.Add(Link(context, perPage, lastPage, "last"));
        }

        if (page > 1)
        {
            links.Add(Link(context, perPage, 1, "first"));
            links.Add(Link(context, perPage, page - 1, "prev"));
        }

        if (links.Count > 0)
        {
            context.Response.Headers.Link = string.Join(", ", links);
        }

        return items.Skip((page - 1) * perPage).Take(perPage).ToList();
    }

    public static int? ReadInt(HttpContext context, string name) =>
        int.TryParse(context.Request.Query[name], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static string Url(HttpContext context, string query) =>
        $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{context.Request.Path}?{query}";

    private static string Link(HttpContext context, int perPage, int page, string rel) =>
        string.Create(CultureInfo.InvariantCulture, $"<{Url(context, $"per_page={perPage}&page={page}")}>; rel=\"{rel}\"");
}
