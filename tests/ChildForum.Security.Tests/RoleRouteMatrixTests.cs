using System.Runtime.CompilerServices;
using ChildForum.Security.Tests.Matrix;
using ChildForum.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Sdk;

namespace ChildForum.Security.Tests;

/// <summary>The role × route matrix (issue 10): every route of the site, called by each of eight callers on a
/// members-only and a public group, answers with the status the access rule gives, and no answer (body or headers)
/// carries a text the caller may not read. The routes are taken from the running site, so a route without a row fails.</summary>
public abstract class RoleRouteMatrixTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    public static TheoryData<string> Rows => new(RouteTable.Rows.Select(r => r.Key));

    [SkippableFact]
    public void Every_endpoint_of_the_site_has_a_row_in_the_matrix()
    {
        var rows = RouteTable.Rows.Select(r => r.MatchKey).ToHashSet(StringComparer.Ordinal);
        var anyMethod = RouteTable.Rows.Select(r => PathOf(r.MatchKey)).ToHashSet(StringComparer.Ordinal);
        var missing = SiteRoutes(App)
            .Where(e => e.Method is null ? !anyMethod.Contains(e.MatchKey[2..]) : !rows.Contains(e.MatchKey))
            .Where(e => !RouteTable.NotRoutes.ContainsKey(e.MatchKey) && !RouteTable.PageFormsNotInMatrix.ContainsKey(e.Display))
            .Select(e => e.Display)
            .Distinct()
            .ToList();
        Assert.True(missing.Count == 0,
            $"These endpoints of the site have no row in the role × route matrix (RouteTable.Rows): add one, with what the route needs of its caller:{Environment.NewLine}  " +
            string.Join(Environment.NewLine + "  ", missing));
    }

    [SkippableFact]
    public void Every_row_of_the_matrix_is_a_route_of_the_site_or_waits_for_one()
    {
        var stale = RouteTable.Rows.Where(r => r.Pending is null && !Exists(App, r)).Select(r => r.Key).ToList();
        Assert.True(stale.Count == 0, $"These rows name routes the site does not have (renamed or removed?):{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", stale)}");
        var stalePageForms = RouteTable.PageFormsNotInMatrix.Keys.Where(k => !SiteRoutes(App).Any(e => e.Display == k)).ToList();
        Assert.True(stalePageForms.Count == 0, $"These page forms listed as not in the matrix no longer exist: {string.Join(", ", stalePageForms)}");
    }

    [SkippableTheory]
    [MemberData(nameof(Rows))]
    public async Task Each_caller_gets_the_status_the_access_rule_gives_and_no_text_it_may_not_read(string row)
    {
        var route = RouteTable.Rows.Single(r => r.Key == row);
        if (!Exists(App, route))
        {
            // A route of the contract that an open issue has not built yet: the row runs by itself once it exists.
            Assert.True(route.Pending is not null, $"{route.Key} is not a route of the site, and the row does not say what it waits for.");
            return;
        }

        var results = await MatrixRunner.ResultsAsync(App, RouteTable.Rows.Where(r => Exists(App, r)).ToList());
        var problems = results[route.Key];

        var known = KnownFindings.ByRow.GetValueOrDefault(route.Key);
        if (known is not null)
        {
            throw new XunitException(problems.Count > 0
                ? $"Known finding: {known}{Environment.NewLine}{string.Join(Environment.NewLine, problems)}"
                : $"The known finding \"{known}\" no longer reproduces on {route.Key}: remove it from KnownFindings.");
        }
        Assert.True(problems.Count == 0,
            $"{route.Key} on {App.ProviderName}{(route.Why is null ? "" : $" ({route.Why})")}:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }

    /// <summary>Whether the site maps the row's route (with its method, or for any method).</summary>
    private static bool Exists(ForumAppFactory app, RouteRow row)
    {
        var key = row.MatchKey;
        var path = PathOf(key);
        return SiteRoutes(app).Any(e => e.MatchKey == key || (e.Method is null && e.MatchKey[2..] == path));
    }

    private static string PathOf(string matchKey) => matchKey[(matchKey.IndexOf(' ', StringComparison.Ordinal) + 1)..];

    /// <summary>Every route the site maps: endpoints with their methods (none: any method), and each page's handlers.
    /// Static files are left out.</summary>
    internal static IReadOnlyList<SiteRoute> SiteRoutes(ForumAppFactory app) => Routes.GetValue(app, ReadRoutes);

    private static readonly ConditionalWeakTable<ForumAppFactory, IReadOnlyList<SiteRoute>> Routes = new();

    private static IReadOnlyList<SiteRoute> ReadRoutes(ForumAppFactory app)
    {
        var routes = new List<SiteRoute>();
        foreach (var endpoint in app.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is not null)
            {
                continue;
            }
            var template = endpoint.RoutePattern.RawText ?? "";
            if (endpoint.Metadata.GetMetadata<CompiledPageActionDescriptor>() is { } page)
            {
                // Every page answers GET, with or without an OnGet handler.
                routes.Add(new(HttpMethods.Get, RouteRow.MatchKeyOf(HttpMethods.Get, template), $"GET /{template.Trim('/')}"));
                foreach (var handler in page.HandlerMethods.Where(h => !(h.HttpMethod.Equals(HttpMethods.Get, StringComparison.OrdinalIgnoreCase) && h.Name is null)))
                {
                    var method = handler.HttpMethod.ToUpperInvariant();
                    var named = handler.Name is null ? template : $"{template.Trim('/')}?handler={handler.Name}";
                    routes.Add(new(method, RouteRow.MatchKeyOf(method, named), $"{method} /{named.Trim('/')}"));
                }
                continue;
            }
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            if (methods is null || methods.Count == 0)
            {
                routes.Add(new(null, RouteRow.MatchKeyOf("*", template), $"(any method) /{template.Trim('/')}"));
                continue;
            }
            foreach (var method in methods.Where(m => m != HttpMethods.Head && m != HttpMethods.Options))
            {
                routes.Add(new(method, RouteRow.MatchKeyOf(method, template), $"{method} /{template.Trim('/')}"));
            }
        }
        return routes;
    }

    internal sealed record SiteRoute(string? Method, string MatchKey, string Display);
}

[Collection(SqliteFixture.Collection)]
public sealed class RoleRouteMatrixTestsOnSqlite(SqliteFixture fixture) : RoleRouteMatrixTests(fixture);

[Collection(PostgresFixture.Collection)]
public sealed class RoleRouteMatrixTestsOnPostgres(PostgresFixture fixture) : RoleRouteMatrixTests(fixture);
