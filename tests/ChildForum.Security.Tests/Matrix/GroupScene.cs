using System.Net.Http.Json;
using ChildForum.Testing;
using Xunit.Sdk;

namespace ChildForum.Security.Tests.Matrix;

/// <summary>Objects a changing route needs new for every request, so that it cannot change what later rows read
/// (a locked thread, a decided amendment, a cancelled meeting, a removed membership …).</summary>
[Flags]
public enum Fresh
{
    None = 0,
    /// <summary>A thread started by the member.</summary>
    Thread = 1 << 0,
    /// <summary>A message of the member in the group's thread.</summary>
    Message = 1 << 1,
    /// <summary>A draft of the facilitator (version 1, two paragraphs).</summary>
    Draft = 1 << 2,
    /// <summary>A new draft with an open amendment of the member.</summary>
    Amendment = 1 << 3,
    /// <summary>A meeting of three days ago whose agenda is not published.</summary>
    Meeting = 1 << 4,
    /// <summary>A meeting of three days ago with saved (unpublished) minutes.</summary>
    MinutesDraft = 1 << 5,
    /// <summary>An open action of the group's meeting, owned by the facilitator.</summary>
    Action = 1 << 6,
    /// <summary>A new message of the member, flagged by the member.</summary>
    Flag = 1 << 7,
    /// <summary>A new person who observes the group (<see cref="GroupScene.OtherUserId"/>).</summary>
    Membership = 1 << 8,
    /// <summary>A new person in no group (<see cref="GroupScene.NewUser"/>).</summary>
    User = 1 << 9,
    /// <summary>A new person in no group who cannot sign in (no password: quicker to make than <see cref="User"/>).</summary>
    Person = 1 << 11,
    /// <summary>A refresh token of a new person, just signed in (<see cref="GroupScene.RefreshToken"/>).</summary>
    RefreshToken = 1 << 10,
    /// <summary>A document of the member in the group's library.</summary>
    Document = 1 << 12,
}

/// <summary>One group of the scene and the objects in it, by id. The texts are secrets of the members-only group (only
/// its readers may see them); in the public group they are ordinary text, except those only facilitators may see.</summary>
public sealed record GroupScene
{
    public required Scene Scene { get; init; }
    public required string Visibility { get; init; }
    public required int Id { get; init; }
    public required string Slug { get; init; }
    public required string Name { get; init; }
    public required string Description { get; init; }

    public int ThreadId { get; init; }
    public string ThreadTitle { get; init; } = "";
    public long MessageId { get; init; }
    public int MessageSeq { get; init; }
    public long HiddenMessageId { get; init; }
    public long FlagId { get; init; }

    public int DraftId { get; init; }
    public string DraftTitle { get; init; } = "";
    /// <summary>The anchor of the draft's first paragraph (unchanged in version 2).</summary>
    public string Anchor { get; init; } = "";
    public int DraftVersion { get; init; }
    public long AmendmentId { get; init; }

    public int MeetingId { get; init; }
    public string MeetingTitle { get; init; } = "";
    public int AgendaItemId { get; init; }
    public int ActionId { get; init; }
    /// <summary>A meeting whose minutes were published named (version 1), then under Chatham House (version 2), and whose
    /// next draft is named again (not published); the speaker attended.</summary>
    public int ChathamHouseMeetingId { get; init; }
    public string ChathamHouseMeetingTitle { get; init; } = "";

    /// <summary>A future meeting whose agenda (a facilitators-only text) is not published.</summary>
    public int UnpublishedMeetingId { get; init; }

    /// <summary>A text document of the member in the group's library.</summary>
    public int DocumentId { get; init; }

    /// <summary>The group's archive, built (asked for by the facilitator).</summary>
    public Guid ArchiveId { get; init; }
    public string DocumentTitle { get; init; } = "";

    /// <summary>A word of the document's file, so that search (which reads the files' text) is asked for it too.</summary>
    public string DocumentText { get; init; } = "";

    public string OtherUserId { get; init; } = "";
    public TestUser? NewUser { get; init; }
    public string RefreshToken { get; init; } = "";

    /// <summary>Texts of this group worth searching for (titles, the hidden message, the minutes draft, the unpublished agenda …).</summary>
    public IReadOnlyList<string> SearchTerms { get; init; } = [];

    public bool IsPublic => Visibility == "public";

    private HttpClient Facilitator => Scene.Client(Caller.Facilitator);
    private HttpClient Member => Scene.Client(Caller.Member);

    /// <summary>A new text of this group: a secret of the members-only group, ordinary text in the public one.</summary>
    public string Text() => IsPublic ? Unique.Suffix() : Scene.Secrets.New(Readers.MembersOnlyGroup);

    /// <summary>A new text only the group's facilitators (and administrators) may read.</summary>
    public string FacilitatorsText() => Scene.Secrets.New(Readers.Facilitators);

    public static async Task<GroupScene> BuildAsync(Scene scene, string visibility)
    {
        var slug = Unique.Slug("matrix");
        var isPublic = visibility == "public";
        string Text() => isPublic ? Unique.Suffix() : scene.Secrets.New(Readers.MembersOnlyGroup);
        var name = "Matrix " + Text();
        var description = Text();
        var created = await Scene.SendAsync(scene.Admin, HttpMethod.Post, "/api/v1/groups", new { slug, name, description, visibility });
        var g = new GroupScene
        {
            Scene = scene, Visibility = visibility, Id = created["id"]!.GetValue<int>(), Slug = slug, Name = name, Description = description,
        };
        foreach (var (user, role) in new[]
                 {
                     (scene.Observer, "observer"), (scene.Member, "member"), (scene.Facilitator, "facilitator"),
                     (scene.RemovedMember, "member"), (scene.LockedPerson, "member"), (scene.Speaker, "member"),
                 })
        {
            await scene.App.AddMembershipAsync(g.Id, user.Email, role);
        }

        var terms = new List<string>();
        g = await g.WithThreadAsync();
        g = await g.WithMessageAsync();
        terms.Add(g.ThreadTitle);
        // An edited message, so that its revisions hold a text.
        await Scene.SendAsync(g.Member, HttpMethod.Patch, $"/api/v1/messages/{g.MessageId}", new { body = g.Text() });
        var hidden = await Scene.SendAsync(g.Member, HttpMethod.Post, $"/api/v1/threads/{g.ThreadId}/messages",
            new { body = Remember(g.FacilitatorsText()), clientMessageId = Guid.NewGuid().ToString() });
        g = g with { HiddenMessageId = hidden["id"]!.GetValue<long>() };
        await Scene.SendAsync(g.Facilitator, HttpMethod.Post, $"/api/v1/messages/{g.HiddenMessageId}/hide", null);
        g = await g.WithFlagAsync(reason: g.FacilitatorsText());

        g = await g.WithDocumentAsync();
        terms.Add(g.DocumentTitle);
        terms.Add(g.DocumentText);

        g = await g.WithDraftAsync();
        terms.Add(g.DraftTitle);
        await Scene.SendAsync(g.Facilitator, HttpMethod.Post, $"/api/v1/drafts/{g.DraftId}/versions", new { body = $"{g.Text()} first.\n\n{g.Text()} changed.", note = g.Text() });
        g = g with { DraftVersion = 2, Anchor = await g.FirstAnchorAsync(g.DraftId) };
        await Scene.SendAsync(g.Member, HttpMethod.Post, $"/api/v1/drafts/{g.DraftId}/comments", new { version = 2, anchor = g.Anchor, body = Remember(g.Text()) });
        var amendment = await Scene.SendAsync(g.Member, HttpMethod.Post, $"/api/v1/drafts/{g.DraftId}/amendments",
            new { version = 2, anchor = g.Anchor, proposedText = g.Text(), rationale = g.Text() });
        g = g with { AmendmentId = amendment["id"]!.GetValue<long>() };
        await Scene.SendAsync(g.Member, HttpMethod.Put, $"/api/v1/drafts/{g.DraftId}/positions", new { stance = "support", statement = g.Text() });

        g = await g.WithMeetingAsync();
        terms.Add(g.MeetingTitle);
        var meetingTitle = g.MeetingTitle;
        var meetingId = g.MeetingId;
        await Scene.SendAsync(g.Facilitator, HttpMethod.Post, $"/api/v1/meetings/{meetingId}/agenda/publish", null);
        await Scene.SendAsync(g.Facilitator, HttpMethod.Put, $"/api/v1/meetings/{meetingId}/minutes", new { body = $"{Remember(g.Text())} was agreed.", attribution = "named" });
        await Scene.SendAsync(g.Facilitator, HttpMethod.Post, $"/api/v1/meetings/{meetingId}/minutes/publish", null);
        // A later draft of the minutes, not published: only facilitators may read it.
        await Scene.SendAsync(g.Facilitator, HttpMethod.Put, $"/api/v1/meetings/{meetingId}/minutes", new { body = $"{Remember(g.FacilitatorsText())} was agreed.", attribution = "named" });
        await Scene.SendAsync(g.Facilitator, HttpMethod.Post, $"/api/v1/meetings/{meetingId}/decisions", new { agendaItemId = g.AgendaItemId, text = g.Text() });
        await Scene.SendAsync(g.Facilitator, HttpMethod.Put, $"/api/v1/meetings/{meetingId}/attendance",
            new[] { new { userId = scene.Member.Id, status = "present" }, new { userId = scene.Observer.Id, status = "apologies" } });
        g = await g.WithActionAsync();
        g = g with { MeetingTitle = meetingTitle, MeetingId = meetingId };

        g = await g.WithChathamHouseMeetingAsync();
        terms.Add(scene.Speaker.DisplayName);
        g = await g.WithArchiveAsync();

        var unpublished = await Scene.SendAsync(g.Facilitator, HttpMethod.Post, $"/api/v1/groups/{g.Id}/meetings", new
        {
            title = g.Text(), startsAt = Scene.Wall(30, 10), endsAt = Scene.Wall(30, 12), timeZone = "Asia/Shanghai", location = "Room 3",
            agenda = new[] { new { title = Remember(g.FacilitatorsText()), notes = g.FacilitatorsText() } },
        });
        return g with { UnpublishedMeetingId = unpublished["id"]!.GetValue<int>(), SearchTerms = terms };

        string Remember(string text)
        {
            terms.Add(text);
            return text;
        }
    }

    /// <summary>This group with new objects of the kinds asked for, for one request of a changing route.</summary>
    public async Task<GroupScene> FreshAsync(Fresh fresh)
    {
        var g = this;
        if (fresh.HasFlag(Fresh.Thread)) g = await g.WithThreadAsync();
        if (fresh.HasFlag(Fresh.Message)) g = await g.WithMessageAsync();
        if (fresh.HasFlag(Fresh.Draft)) g = await g.WithDraftAsync();
        if (fresh.HasFlag(Fresh.Amendment)) g = await g.WithAmendmentAsync();
        if (fresh.HasFlag(Fresh.Meeting)) g = await g.WithMeetingAsync();
        if (fresh.HasFlag(Fresh.MinutesDraft))
        {
            g = await g.WithMeetingAsync();
            await Scene.SendAsync(Facilitator, HttpMethod.Put, $"/api/v1/meetings/{g.MeetingId}/minutes", new { body = $"{g.Text()} was agreed.", attribution = "named" });
        }
        if (fresh.HasFlag(Fresh.Action)) g = await g.WithActionAsync();
        if (fresh.HasFlag(Fresh.Document)) g = await g.WithDocumentAsync();
        if (fresh.HasFlag(Fresh.Flag)) g = await g.WithFlagAsync(reason: g.FacilitatorsText());
        if (fresh.HasFlag(Fresh.Membership))
        {
            var user = await Scene.NewPersonAsync();
            await Scene.App.AddMembershipAsync(Id, user.Email, "observer");
            g = g with { OtherUserId = user.Id };
        }
        if (fresh.HasFlag(Fresh.User)) g = g with { NewUser = await Scene.App.CreateUserAsync() };
        if (fresh.HasFlag(Fresh.Person)) g = g with { NewUser = await Scene.NewPersonAsync() };
        if (fresh.HasFlag(Fresh.RefreshToken))
        {
            var user = await Scene.App.CreateUserAsync();
            using var anonymous = Scene.App.CreateAnonymousClient();
            var token = await Scene.SendAsync(anonymous, HttpMethod.Post, "/api/v1/auth/login", new { email = user.Email, password = user.Password });
            g = g with { RefreshToken = token["refreshToken"]!.GetValue<string>() };
        }
        return g;
    }

    private async Task<GroupScene> WithThreadAsync()
    {
        var title = Text();
        var thread = await Scene.SendAsync(Member, HttpMethod.Post, $"/api/v1/groups/{Id}/threads", new { title, body = Text() });
        return this with { ThreadId = thread["id"]!.GetValue<int>(), ThreadTitle = title };
    }

    private async Task<GroupScene> WithDocumentAsync()
    {
        var title = Text();
        // The description and the file's text are the group's too: no route may show them to who may not read it.
        var text = Text();
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes($"Notes of the working group. {text}"));
        using var form = new MultipartFormDataContent { { file, "file", "notes.txt" }, { new StringContent(title), "title" }, { new StringContent(Text()), "description" } };
        using var response = await Member.PostAsync($"/api/v1/groups/{Id}/documents", form);
        var document = await response.ReadJsonAsync<System.Text.Json.Nodes.JsonObject>(System.Net.HttpStatusCode.Created);
        return this with { DocumentId = document["id"]!.GetValue<int>(), DocumentTitle = title, DocumentText = text };
    }

    /// <summary>The group's archive, asked for by the facilitator and waited for until it is built.</summary>
    private async Task<GroupScene> WithArchiveAsync()
    {
        var id = (await Scene.SendAsync(Facilitator, HttpMethod.Post, $"/api/v1/groups/{Id}/archive", null))["id"]!.GetValue<Guid>();
        for (var until = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < until; await Task.Delay(100))
        {
            var status = (await Scene.SendAsync(Facilitator, HttpMethod.Get, $"/api/v1/archives/{id}", null))["status"]!.GetValue<string>();
            if (status is "done" or "failed")
            {
                return status == "done" ? this with { ArchiveId = id } : throw new XunitException($"The matrix group's archive {id} failed.");
            }
        }
        throw new XunitException($"The matrix group's archive {id} was not built within a minute.");
    }

    private async Task<GroupScene> WithMessageAsync()
    {
        var message = await Scene.SendAsync(Member, HttpMethod.Post, $"/api/v1/threads/{ThreadId}/messages", new { body = Text(), clientMessageId = Guid.NewGuid().ToString() });
        return this with { MessageId = message["id"]!.GetValue<long>(), MessageSeq = message["seq"]!.GetValue<int>() };
    }

    private async Task<GroupScene> WithFlagAsync(string reason)
    {
        var g = await WithMessageAsync();
        await Scene.SendAsync(Member, HttpMethod.Post, $"/api/v1/messages/{g.MessageId}/flags", new { reason });
        var flags = await Scene.SendAsync(Facilitator, HttpMethod.Get, $"/api/v1/groups/{Id}/flags", null);
        var flag = flags.AsArray().FirstOrDefault(f => f!["messageId"]!.GetValue<long>() == g.MessageId)
            ?? throw new XunitException($"The flag on message {g.MessageId} is not in the group's open flags.");
        // The scene's own message stays the one it was; the flagged one is only for the flag.
        return this with { FlagId = flag["id"]!.GetValue<long>() };
    }

    private async Task<GroupScene> WithDraftAsync()
    {
        var title = Text();
        var draft = await Scene.SendAsync(Facilitator, HttpMethod.Post, $"/api/v1/groups/{Id}/drafts", new { title, body = $"{Text()} first.\n\n{Text()} second.", language = "en" });
        var id = draft["id"]!.GetValue<int>();
        return this with { DraftId = id, DraftTitle = title, DraftVersion = 1, Anchor = await FirstAnchorAsync(id) };
    }

    private async Task<GroupScene> WithAmendmentAsync()
    {
        var g = await WithDraftAsync();
        var amendment = await Scene.SendAsync(Member, HttpMethod.Post, $"/api/v1/drafts/{g.DraftId}/amendments",
            new { version = 1, anchor = g.Anchor, proposedText = Text(), rationale = Text() });
        return g with { AmendmentId = amendment["id"]!.GetValue<long>() };
    }

    private async Task<string> FirstAnchorAsync(int draftId)
    {
        var draft = await Scene.SendAsync(Facilitator, HttpMethod.Get, $"/api/v1/drafts/{draftId}", null);
        return draft["blocks"]![0]!["anchor"]!.GetValue<string>();
    }

    private async Task<GroupScene> WithMeetingAsync()
    {
        var title = Text();
        var meeting = await Scene.SendAsync(Facilitator, HttpMethod.Post, $"/api/v1/groups/{Id}/meetings", new
        {
            title, startsAt = Scene.Wall(-3, 10), endsAt = Scene.Wall(-3, 12), timeZone = "Asia/Shanghai", location = "Room 3",
            agenda = new[] { new { title = Text(), notes = Text() } },
        });
        return this with
        {
            MeetingId = meeting["id"]!.GetValue<int>(), MeetingTitle = title,
            AgendaItemId = meeting["agenda"]![0]!["id"]!.GetValue<int>(),
        };
    }

    private async Task<GroupScene> WithChathamHouseMeetingAsync()
    {
        var g = await WithMeetingAsync();
        var speaker = Scene.Speaker;
        await Scene.SendAsync(Facilitator, HttpMethod.Post, $"/api/v1/meetings/{g.MeetingId}/agenda/publish", null);
        await Scene.SendAsync(Facilitator, HttpMethod.Put, $"/api/v1/meetings/{g.MeetingId}/attendance",
            new[] { new { userId = speaker.Id, status = "present" }, new { userId = Scene.Member.Id, status = "present" } });
        foreach (var (attribution, publish) in new[] { ("named", true), ("chatham-house", true), ("named", false) })
        {
            await Scene.SendAsync(Facilitator, HttpMethod.Put, $"/api/v1/meetings/{g.MeetingId}/minutes",
                new { body = $"@{speaker.DisplayName} said that {Text()} matters.", attribution });
            if (publish)
            {
                await Scene.SendAsync(Facilitator, HttpMethod.Post, $"/api/v1/meetings/{g.MeetingId}/minutes/publish", null);
            }
        }
        return this with { ChathamHouseMeetingId = g.MeetingId, ChathamHouseMeetingTitle = g.MeetingTitle };
    }

    private async Task<GroupScene> WithActionAsync()
    {
        var action = await Scene.SendAsync(Facilitator, HttpMethod.Post, $"/api/v1/meetings/{MeetingId}/actions",
            new { agendaItemId = AgendaItemId, title = Text(), ownerUserId = Scene.Facilitator.Id, dueDate = Scene.Day(14) });
        return this with { ActionId = action["id"]!.GetValue<int>() };
    }

    public override string ToString() => $"{Visibility} group {Slug}";
}
