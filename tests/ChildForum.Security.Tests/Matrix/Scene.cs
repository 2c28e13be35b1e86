using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using ChildForum.Core.Identity;
using ChildForum.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Sdk;

namespace ChildForum.Security.Tests.Matrix;

/// <summary>Everything the matrix's routes point at, made once per site: the eight callers, a members-only and a public
/// group, each with a thread, messages, a draft (comment, amendment, position), meetings (agenda, minutes, decision,
/// action), and the texts some callers may not read (<see cref="Secrets"/>). Built through the API as a client would,
/// except for memberships and the lock, which go straight to the database and Identity.</summary>
public sealed class Scene
{
    private static readonly ConditionalWeakTable<ForumAppFactory, Lazy<Task<Scene>>> Scenes = new();

    private readonly Dictionary<Caller, HttpClient> _clients = [];

    private Scene(ForumAppFactory app) => App = app;

    public ForumAppFactory App { get; }

    public Secrets Secrets { get; } = new();

    public TestUser Outsider { get; private set; } = null!;
    public TestUser Observer { get; private set; } = null!;
    public TestUser Member { get; private set; } = null!;
    public TestUser Facilitator { get; private set; } = null!;
    public TestUser RemovedMember { get; private set; } = null!;
    public TestUser LockedPerson { get; private set; } = null!;

    /// <summary>A member of both groups who speaks in Chatham House minutes and does nothing else: their display name and
    /// organisation are secrets of every route that shows meetings.</summary>
    public TestUser Speaker { get; private set; } = null!;

    /// <summary>An organisation of the matrix's own (for <c>PUT /api/v1/organisations/{id}</c>).</summary>
    public int OrganisationId { get; private set; }
    public string OrganisationName { get; private set; } = "";

    public GroupScene MembersOnly { get; private set; } = null!;
    public GroupScene Public { get; private set; } = null!;

    /// <summary>Whether the search index had the scene's threads when the scene was built (search rows need it).</summary>
    public bool SearchCaughtUp { get; private set; }

    /// <summary>The scene of this site, built on first use and shared by every row.</summary>
    public static Task<Scene> ForAsync(ForumAppFactory app) =>
        Scenes.GetValue(app, a => new Lazy<Task<Scene>>(() => BuildAsync(a))).Value;

    public HttpClient Client(Caller caller) => _clients[caller];

    public HttpClient Admin => _clients[Caller.Administrator];

    private static async Task<Scene> BuildAsync(ForumAppFactory app)
    {
        var scene = new Scene(app);
        scene.Outsider = await app.CreateUserAsync(displayName: "Matrix outsider " + Unique.Suffix());
        scene.Observer = await app.CreateUserAsync(displayName: "Matrix observer " + Unique.Suffix());
        scene.Member = await app.CreateUserAsync(displayName: "Matrix member " + Unique.Suffix());
        scene.Facilitator = await app.CreateUserAsync(displayName: "Matrix facilitator " + Unique.Suffix());
        scene.RemovedMember = await app.CreateUserAsync(displayName: "Matrix removed " + Unique.Suffix());
        scene.LockedPerson = await app.CreateUserAsync(displayName: "Matrix locked " + Unique.Suffix());

        scene._clients[Caller.Anonymous] = app.CreateAnonymousClient();
        scene._clients[Caller.Administrator] = await app.ClientForAsync(DemoUsers.Admin);
        scene._clients[Caller.Outsider] = await app.ClientForAsync(scene.Outsider);
        scene._clients[Caller.Observer] = await app.ClientForAsync(scene.Observer);
        scene._clients[Caller.Member] = await app.ClientForAsync(scene.Member);
        scene._clients[Caller.Facilitator] = await app.ClientForAsync(scene.Facilitator);
        scene._clients[Caller.RemovedMember] = await app.ClientForAsync(scene.RemovedMember);
        scene._clients[Caller.LockedPerson] = await app.ClientForAsync(scene.LockedPerson);

        var speakerOrganisation = scene.Secrets.Add(Capitalised(Unique.Suffix()), Readers.ChathamHouseSpeaker);
        await SendAsync(scene.Admin, HttpMethod.Post, "/api/v1/organisations", new { name = speakerOrganisation, stakeholderType = "government" });
        scene.Speaker = await app.CreateUserAsync(speakerOrganisation, scene.Secrets.Add(Capitalised(Unique.Suffix()), Readers.ChathamHouseSpeaker));

        scene.OrganisationName = Unique.Name("Matrix organisation");
        var organisation = await SendAsync(scene.Admin, HttpMethod.Post, "/api/v1/organisations", new { name = scene.OrganisationName, stakeholderType = "cso" });
        scene.OrganisationId = organisation["id"]!.GetValue<int>();

        scene.MembersOnly = await GroupScene.BuildAsync(scene, "members");
        scene.Public = await GroupScene.BuildAsync(scene, "public");

        // The removed member and the locked person were members with tokens of their own (taken above) before this.
        foreach (var group in new[] { scene.MembersOnly, scene.Public })
        {
            await SendAsync(scene.Client(Caller.Facilitator), HttpMethod.Delete, $"/api/v1/groups/{group.Id}/members/{scene.RemovedMember.Id}", null);
        }
        await LockAsync(app, scene.LockedPerson.Id);

        scene.SearchCaughtUp = await WaitForSearchAsync(scene);
        return scene;
    }

    /// <summary>A person with no password, in the demo's first organisation: for routes that only need someone to point at.</summary>
    public async Task<TestUser> NewPersonAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ForumUser>>();
        var organisationId = await App.QueryDatabaseAsync(db => db.Organisations.OrderBy(o => o.Id).Select(o => o.Id).FirstAsync());
        var email = Unique.Email();
        var user = new ForumUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Matrix person " + Unique.Suffix(),
            OrganisationId = organisationId, CreatedAt = DateTime.UtcNow,
        };
        var result = await users.CreateAsync(user);
        if (!result.Succeeded)
        {
            throw new XunitException($"Could not create a person: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
        return new TestUser(user.Id, email, "", user.DisplayName, organisationId);
    }

    /// <summary>Locks the account as an administrator's action does: lockout end, new security stamp, sessions ended on every node.</summary>
    private static async Task LockAsync(ForumAppFactory app, string userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ForumUser>>();
        var account = await users.FindByIdAsync(userId) ?? throw new XunitException("The locked person's account is missing.");
        await users.SetLockoutEnabledAsync(account, true);
        await users.SetLockoutEndDateAsync(account, DateTimeOffset.UtcNow.AddYears(1));
        await users.UpdateSecurityStampAsync(account);
        await scope.ServiceProvider.GetRequiredService<SessionRevocation>().EndSessionsAsync(userId);
    }

    /// <summary>Waits (at most 30 s) until the administrator's search finds both groups' threads, so that the search rows
    /// look at an index that holds the secrets.</summary>
    private static async Task<bool> WaitForSearchAsync(Scene scene)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            using var response = await scene.Admin.GetAsync($"/api/v1/search?q={scene.MembersOnly.ThreadTitle} OR {scene.Public.ThreadTitle}&type=thread");
            if (response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync();
                if (body.Contains(scene.MembersOnly.ThreadTitle, StringComparison.Ordinal) && body.Contains(scene.Public.ThreadTitle, StringComparison.Ordinal))
                {
                    return true;
                }
            }
            await Task.Delay(200);
        }
        return false;
    }

    /// <summary>A call made to arrange the scene: it must succeed. Returns the JSON answer (an empty object for none).</summary>
    public static async Task<JsonNode> SendAsync(HttpClient client, HttpMethod method, string url, object? body)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        using var response = await client.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new XunitException($"Arranging the matrix's scene: {method} {url} answered {(int)response.StatusCode}.{Environment.NewLine}{await HttpAssertions.DescribeAsync(response)}");
        }
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    private static string Capitalised(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    public static string Day(int days) => DateTime.UtcNow.Date.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A wall-clock time in Asia/Shanghai (no daylight saving time), <paramref name="days"/> from today.</summary>
    public static string Wall(int days, int hour) =>
        DateTime.UtcNow.Date.AddDays(days).AddHours(hour).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
}
