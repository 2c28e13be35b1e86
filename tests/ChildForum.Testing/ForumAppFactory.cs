using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ChildForum.Core.Data;
using ChildForum.Core.Identity;
using ChildForum.Core.Security;
using ChildForum.WorkingGroups.Models;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Sdk;

namespace ChildForum.Testing;

/// <summary>The whole site in the test process, on a database of its own, in Development so that it migrates
/// and applies the demo recipe at start. One instance is shared by the tests of a provider: tests that change
/// something create their own groups, organisations and users (see <see cref="Unique"/>).</summary>
public abstract class ForumAppFactory : WebApplicationFactory<Program>
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _accessTokens = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The errors the site has logged; clients made here attach them to 5xx responses.</summary>
    public ServerLog ServerLog { get; } = new();

    private readonly bool _realServer;

    /// <param name="realServer">Kestrel on a free loopback port instead of the in-memory test server: slower, but
    /// with everything a real server does (request size limits, a URL a browser can open).</param>
    protected ForumAppFactory(bool realServer)
    {
        _realServer = realServer;
        if (realServer)
        {
            UseKestrel(0);
        }
    }

    /// <summary>The address of the real server; null on the in-memory test server.</summary>
    public Uri? ServerAddress { get; private set; }

    /// <summary>Another site on the same provider, with a database of its own; dispose it when done.</summary>
    public abstract ForumAppFactory NewSite(bool realServer);

    /// <summary>A second web node of this same site: another host on this factory's database, which it neither
    /// creates nor drops. Start this factory first, so that only it migrates and applies the recipe, and dispose
    /// the node before this factory. <see cref="Settings"/> are not copied: give the node its own.</summary>
    public abstract ForumAppFactory NewNode(bool realServer = true);

    /// <summary>Configuration the site starts with, on top of the factory's own (e.g. <c>"Discussions:RateLimit"</c>,
    /// <c>"ConnectionStrings:Redis"</c>). Set them before the site starts.</summary>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The embedded search index of this host: one per host, since Lucene allows one writer per folder
    /// (several web nodes of one site need Elasticsearch).</summary>
    public string SearchIndexPath { get; } = Path.Combine(Path.GetTempPath(), "childforum-tests", "search-" + Guid.NewGuid().ToString("N"));

    /// <summary>"SQLite" or "PostgreSQL", for messages.</summary>
    public abstract string ProviderName { get; }

    /// <summary>Creates the empty database (if the provider needs that) and starts the site on it.</summary>
    public async Task StartAsync()
    {
        await CreateDatabaseAsync();
        StartServer();
        if (_realServer)
        {
            var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
            ServerAddress = new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        }
    }

    protected virtual Task CreateDatabaseAsync() => Task.CompletedTask;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            if (Directory.Exists(SearchIndexPath))
            {
                Directory.Delete(SearchIndexPath, recursive: true);
            }
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>Points the site at this factory's database.</summary>
    protected abstract void ConfigureDatabase(IWebHostBuilder builder);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environments.Development);
        builder.UseSetting("ChildForum:Recipe", "demo");
        builder.UseSetting("Demo:Password", DemoUsers.Password);
        builder.UseSetting("Search:IndexPath", SearchIndexPath);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddProvider(ServerLog));
        ConfigureDatabase(builder);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A visitor who has not signed in. Keeps no cookies and follows no redirects.</summary>
    public HttpClient CreateAnonymousClient() => NewClient(handleCookies: false);

    /// <summary>A client that sends a bearer token for a demo user (<c>"cso"</c>) or any user with the demo password.
    /// Tokens come from <c>POST /api/v1/auth/login</c> once per user and factory.</summary>
    public Task<HttpClient> ClientForAsync(string user) => ClientForAsync(DemoUsers.Email(user), DemoUsers.Password);

    public async Task<HttpClient> ClientForAsync(string email, string password)
    {
        var client = CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await AccessTokenAsync(email, password));
        return client;
    }

    public Task<HttpClient> ClientForAsync(TestUser user) => ClientForAsync(user.Email, user.Password);

    /// <summary>A bearer token for the user, cached; a failed sign-in is not cached.</summary>
    public async Task<string> AccessTokenAsync(string email, string password)
    {
        var key = email + "\n" + password;
        var lazy = _accessTokens.GetOrAdd(key, _ => new Lazy<Task<string>>(() => SignInForTokenAsync(email, password)));
        try
        {
            return await lazy.Value;
        }
        catch
        {
            _accessTokens.TryRemove(key, out _);
            throw;
        }
    }

    private async Task<string> SignInForTokenAsync(string email, string password)
    {
        using var client = CreateAnonymousClient();
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        var token = await response.ReadJsonAsync<TokenJson>();
        return token.AccessToken;
    }

    /// <summary>A browser-like client (cookies kept, redirects not followed) that is not signed in.</summary>
    public BrowserSession CreateBrowserSession() =>
        new(NewClient(handleCookies: true));

    private HttpClient NewClient(bool handleCookies)
    {
        if (ServerAddress is null)
        {
            return handleCookies
                ? CreateDefaultClient(new ServerErrorsHandler(ServerLog), new CookieContainerHandler())
                : CreateDefaultClient(new ServerErrorsHandler(ServerLog));
        }
        var network = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = handleCookies };
        return new HttpClient(new ServerErrorsHandler(ServerLog) { InnerHandler = network }) { BaseAddress = ServerAddress };
    }

    /// <summary>A browser-like client signed in through the sign-in form, holding the antiforgery token of a page.</summary>
    public Task<BrowserSession> SignInWithCookieAsync(string user) => SignInWithCookieAsync(DemoUsers.Email(user), DemoUsers.Password);

    public async Task<BrowserSession> SignInWithCookieAsync(string email, string password)
    {
        var session = CreateBrowserSession();
        try
        {
            await session.SignInAsync(email, password);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Creates a user with a password straight through Identity (no invitation), in an organisation
    /// of the demo recipe unless one is named. For tests that need a person of their own, e.g. to lock out.</summary>
    public async Task<TestUser> CreateUserAsync(string? organisation = null, string? displayName = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ForumUser>>();
        var organisationId = organisation is null
            ? await db.Organisations.OrderBy(o => o.Id).Select(o => o.Id).FirstAsync()
            : await db.Organisations.Where(o => o.Name == organisation).Select(o => o.Id).SingleAsync();
        var email = Unique.Email();
        var user = new ForumUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = displayName ?? "Test " + email[..email.IndexOf('@', StringComparison.Ordinal)],
            OrganisationId = organisationId,
            CreatedAt = DateTime.UtcNow,
        };
        var password = "pw-" + Guid.NewGuid().ToString("N");
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            throw new XunitException($"Could not create a test user: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
        return new TestUser(user.Id, email, password, user.DisplayName, organisationId);
    }

    /// <summary>Runs a query against the site's database in a scope of its own, e.g. to read the audit log.</summary>
    public async Task<T> QueryDatabaseAsync<T>(Func<ForumDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ForumDbContext>());
    }

    /// <summary>The id of a user, by e-mail address or demo name.</summary>
    public Task<string> UserIdAsync(string user)
    {
        var normalised = DemoUsers.Email(user).ToUpperInvariant();
        return QueryDatabaseAsync(db => db.Users.Where(u => u.NormalizedEmail == normalised).Select(u => u.Id).SingleAsync());
    }

    /// <summary>Creates a working group as the administrator through the API, and puts the given people in it
    /// (a demo name like <c>"cso"</c> or an e-mail address, and <c>observer</c>, <c>member</c> or <c>facilitator</c>).</summary>
    /// <remarks>The members are written straight to the database rather than through <c>POST …/members</c>, so that a
    /// broken add-member endpoint fails its own tests and not every test that needs a group with people in it.</remarks>
    public async Task<GroupJson> CreateGroupAsync(string visibility = "members", params (string User, string Role)[] members)
    {
        using var admin = await ClientForAsync(DemoUsers.Admin);
        var slug = Unique.Slug();
        using var created = await admin.PostAsJsonAsync("/api/v1/groups",
            new { slug, name = $"Test group {slug}", description = "Made by a test.", visibility });
        var group = await created.ReadJsonAsync<GroupJson>(HttpStatusCode.Created);
        foreach (var (user, role) in members)
        {
            await AddMembershipAsync(group.Id, user, role);
        }
        return group with { MemberCount = members.Length };
    }

    /// <summary>Puts a person in a group directly in the database (no audit entry, no endpoint involved).</summary>
    public async Task AddMembershipAsync(int groupId, string user, string role)
    {
        if (!GroupRoles.TryParse(role, out var groupRole))
        {
            throw new ArgumentException($"'{role}' is not a group role.", nameof(role));
        }
        var userId = await UserIdAsync(user);
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
        db.Add(new Membership { GroupId = groupId, UserId = userId, Role = groupRole, AddedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
    }
}
