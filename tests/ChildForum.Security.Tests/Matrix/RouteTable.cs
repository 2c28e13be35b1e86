using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using ChildForum.Core.Mail;
using ChildForum.Mail.Services;
using ChildForum.Testing;
using Microsoft.Extensions.DependencyInjection;
using static ChildForum.Security.Tests.Matrix.Need;

namespace ChildForum.Security.Tests.Matrix;

/// <summary>The matrix: every route of the site (shared/API.md, docs/api-extensions.md and the pages), how to call it
/// from the scene, and what it needs of its caller. The expected status of each of the eight callers follows from
/// <see cref="Need"/> (see <see cref="Expectations"/>); <c>Except</c> states the few answers that differ, and why.
/// A route the site maps without a row here fails <c>Every_endpoint_of_the_site_has_a_row</c>.</summary>
public static class RouteTable
{
    public static IReadOnlyList<RouteRow> Rows { get; } =
    [
        // ---- The site itself
        Api("GET", "openapi/{documentName}.json", Nothing, _ => "/openapi/v1.json"),
        Api("GET", "health", Nothing, _ => "/health") with { Why = "Mapped for every method; read with GET." },
        Api("POST", "culture", Nothing, _ => "/culture") with
        {
            Body = _ => new Form(new Dictionary<string, string> { ["culture"] = "en", ["returnUrl"] = "/" }),
            Allowed = [HttpStatusCode.Redirect, HttpStatusCode.Found],
            Why = "The language switcher's form post: a redirect back to the page.",
        },
        Api("POST", "api/v1/markdown/preview", SignedIn, _ => "/api/v1/markdown/preview") with { Body = _ => new { markdown = "Some *text*." } },
        Api("POST", "hubs/discussion/negotiate", SignedIn, _ => "/hubs/discussion/negotiate?negotiateVersion=1"),
        Api("GET", "hubs/discussion", SignedIn, _ => "/hubs/discussion") with
        {
            Allowed = [HttpStatusCode.BadRequest],
            Why = "The connection route needs a connection id from negotiate; without one a signed-in caller gets 400. The row holds that it refuses everyone else.",
        },

        // ---- Sign-in
        Api("POST", "api/v1/auth/login", Nothing, _ => "/api/v1/auth/login") with
        {
            Fresh = Fresh.User, Body = g => new { email = g.NewUser!.Email, password = g.NewUser.Password },
            Why = "Signs in a person of its own each time, so that per-account limits never meet the scene's people.",
        },
        Api("POST", "api/v1/auth/refresh", Nothing, _ => "/api/v1/auth/refresh") with { Fresh = Fresh.RefreshToken, Body = g => new { refreshToken = g.RefreshToken } },
        Api("GET", "api/v1/auth/me", SignedIn, _ => "/api/v1/auth/me"),

        // ---- Administration of users (shared/API.md "Administration")
        Api("GET", "api/v1/users", Administrator, _ => "/api/v1/users?q=matrix"),
        Api("PATCH", "api/v1/users/{id}", Administrator, g => $"/api/v1/users/{g.NewUser!.Id}") with
        {
            Fresh = Fresh.Person, Body = _ => new { locked = false },
        },

        // ---- Organisations
        Api("GET", "api/v1/organisations", Nothing, _ => "/api/v1/organisations"),
        Api("POST", "api/v1/organisations", Administrator, _ => "/api/v1/organisations") with { Body = _ => new { name = Unique.Name("Matrix organisation"), stakeholderType = "university" } },
        Api("PUT", "api/v1/organisations/{id:int}", Administrator, g => $"/api/v1/organisations/{g.Scene.OrganisationId}") with
        {
            Body = g => new { name = g.Scene.OrganisationName, stakeholderType = "cso" },
        },

        // ---- Working groups
        Api("GET", "api/v1/groups", Nothing, _ => "/api/v1/groups"),
        Api("GET", "api/v1/groups/{group}", Read, g => $"/api/v1/groups/{g.Slug}") with { Shows = g => g.Name },
        Api("POST", "api/v1/groups", Administrator, _ => "/api/v1/groups") with { Body = _ => new { slug = Unique.Slug("matrix"), name = Unique.Name("Matrix group") } },
        Api("PATCH", "api/v1/groups/{group}", Facilitate, g => $"/api/v1/groups/{g.Slug}") with { Body = g => new { description = g.Description } },
        Api("GET", "api/v1/groups/{group}/members", Read, g => $"/api/v1/groups/{g.Slug}/members") with { Shows = g => g.Scene.Member.DisplayName },
        Api("POST", "api/v1/groups/{group}/members", Facilitate, g => $"/api/v1/groups/{g.Slug}/members") with
        {
            Fresh = Fresh.Person, Body = g => new { email = g.NewUser!.Email, role = "observer" },
        },
        Api("PATCH", "api/v1/groups/{group}/members/{userId}", Facilitate, g => $"/api/v1/groups/{g.Slug}/members/{g.OtherUserId}") with
        {
            Fresh = Fresh.Membership, Body = _ => new { role = "member" },
        },
        Api("DELETE", "api/v1/groups/{group}/members/{userId}", Facilitate, g => $"/api/v1/groups/{g.Slug}/members/{g.OtherUserId}") with { Fresh = Fresh.Membership },

        // ---- Discussions
        Api("GET", "api/v1/groups/{group}/threads", Read, g => $"/api/v1/groups/{g.Slug}/threads") with { Shows = g => g.ThreadTitle },
        Api("POST", "api/v1/groups/{group}/threads", Contribute, g => $"/api/v1/groups/{g.Slug}/threads") with
        {
            Body = _ => new { title = Unique.Name("Matrix thread"), body = "A new thread." },
        },
        Api("GET", "api/v1/groups/{group}/flags", Facilitate, g => $"/api/v1/groups/{g.Slug}/flags"),
        Api("GET", "api/v1/threads/{threadId:int}", Read, g => $"/api/v1/threads/{g.ThreadId}") with { Shows = g => g.ThreadTitle },
        Api("GET", "api/v1/threads/{threadId:int}/messages", Read, g => $"/api/v1/threads/{g.ThreadId}/messages"),
        Api("POST", "api/v1/threads/{threadId:int}/messages", Contribute, g => $"/api/v1/threads/{g.ThreadId}/messages") with
        {
            Body = _ => new { body = "A message.", clientMessageId = Guid.NewGuid().ToString() },
        },
        Api("POST", "api/v1/threads/{threadId:int}/lock", Facilitate, g => $"/api/v1/threads/{g.ThreadId}/lock") with { Fresh = Fresh.Thread },
        Api("POST", "api/v1/threads/{threadId:int}/unlock", Facilitate, g => $"/api/v1/threads/{g.ThreadId}/unlock") with { Fresh = Fresh.Thread },
        Api("PATCH", "api/v1/messages/{messageId:long}", Author, g => $"/api/v1/messages/{g.MessageId}") with
        {
            Fresh = Fresh.Message, Body = _ => new { body = "An edited message." },
        },
        Api("GET", "api/v1/messages/{messageId:long}/revisions", Read, g => $"/api/v1/messages/{g.MessageId}/revisions"),
        Api("DELETE", "api/v1/messages/{messageId:long}", AuthorOrFacilitator, g => $"/api/v1/messages/{g.MessageId}") with { Fresh = Fresh.Message },
        Api("PUT", "api/v1/messages/{messageId:long}/reactions/{kind}", Contribute, g => $"/api/v1/messages/{g.MessageId}/reactions/thanks"),
        Api("DELETE", "api/v1/messages/{messageId:long}/reactions/{kind}", Contribute, g => $"/api/v1/messages/{g.MessageId}/reactions/thanks"),
        Api("POST", "api/v1/messages/{messageId:long}/flags", Contribute, g => $"/api/v1/messages/{g.MessageId}/flags") with
        {
            Fresh = Fresh.Message, Body = _ => new { reason = "Please look at this." },
        },
        Api("POST", "api/v1/messages/{messageId:long}/hide", Facilitate, g => $"/api/v1/messages/{g.MessageId}/hide") with { Fresh = Fresh.Message },
        Api("POST", "api/v1/messages/{messageId:long}/unhide", Facilitate, g => $"/api/v1/messages/{g.MessageId}/unhide") with
        {
            Fresh = Fresh.Message,
            Why = "Unhides a fresh (visible) message: the scene's hidden message must stay hidden for the rows after this one.",
        },
        Api("POST", "api/v1/flags/{flagId:long}/dismiss", Facilitate, g => $"/api/v1/flags/{g.FlagId}/dismiss") with { Fresh = Fresh.Flag },

        // ---- Policy drafts
        Api("GET", "api/v1/groups/{group}/drafts", Read, g => $"/api/v1/groups/{g.Slug}/drafts") with { Shows = g => g.DraftTitle },
        Api("POST", "api/v1/groups/{group}/drafts", Facilitate, g => $"/api/v1/groups/{g.Slug}/drafts") with
        {
            Body = _ => new { title = Unique.Name("Matrix draft"), body = "A paragraph." },
        },
        Api("GET", "api/v1/drafts/{id:int}", Read, g => $"/api/v1/drafts/{g.DraftId}") with { Shows = g => g.DraftTitle },
        Api("POST", "api/v1/drafts/{id:int}/versions", Facilitate, g => $"/api/v1/drafts/{g.DraftId}/versions") with
        {
            Fresh = Fresh.Draft, Body = _ => new { body = "A new version.", note = "Shorter." },
        },
        Api("GET", "api/v1/drafts/{id:int}/versions", Read, g => $"/api/v1/drafts/{g.DraftId}/versions"),
        Api("GET", "api/v1/drafts/{id:int}/versions/{number:int}", Read, g => $"/api/v1/drafts/{g.DraftId}/versions/1"),
        Api("GET", "api/v1/drafts/{id:int}/versions/{number:int}/markdown", Read, g => $"/api/v1/drafts/{g.DraftId}/versions/1/markdown"),
        Api("GET", "api/v1/drafts/{id:int}/diff", Read, g => $"/api/v1/drafts/{g.DraftId}/diff?from=1&to=2"),
        Api("GET", "api/v1/drafts/{id:int}/comments", Read, g => $"/api/v1/drafts/{g.DraftId}/comments"),
        Api("POST", "api/v1/drafts/{id:int}/comments", Contribute, g => $"/api/v1/drafts/{g.DraftId}/comments") with
        {
            Body = g => new { version = g.DraftVersion, anchor = g.Anchor, body = "A comment." },
        },
        Api("GET", "api/v1/drafts/{id:int}/amendments", Read, g => $"/api/v1/drafts/{g.DraftId}/amendments"),
        Api("POST", "api/v1/drafts/{id:int}/amendments", Contribute, g => $"/api/v1/drafts/{g.DraftId}/amendments") with
        {
            Body = g => new { version = g.DraftVersion, anchor = g.Anchor, proposedText = "Shorter text.", rationale = "Clearer." },
        },
        Api("POST", "api/v1/amendments/{id:int}/accept", Facilitate, g => $"/api/v1/amendments/{g.AmendmentId}/accept") with { Fresh = Fresh.Amendment },
        Api("POST", "api/v1/amendments/{id:int}/reject", Facilitate, g => $"/api/v1/amendments/{g.AmendmentId}/reject") with
        {
            Fresh = Fresh.Amendment, Body = _ => new { reason = "Out of scope." },
        },
        Api("PUT", "api/v1/drafts/{id:int}/positions", Contribute, g => $"/api/v1/drafts/{g.DraftId}/positions") with
        {
            Body = _ => new { stance = "support-with-changes", statement = "With changes." },
        },
        Api("GET", "api/v1/drafts/{id:int}/positions", Read, g => $"/api/v1/drafts/{g.DraftId}/positions"),
        Api("GET", "api/v1/drafts/{id:int}/positions/summary", Read, g => $"/api/v1/drafts/{g.DraftId}/positions/summary"),
        Api("POST", "api/v1/drafts/{id:int}/status", Facilitate, g => $"/api/v1/drafts/{g.DraftId}/status") with
        {
            Fresh = Fresh.Draft, Body = _ => new { status = "consultation" },
        },

        // ---- Meetings
        Api("GET", "api/v1/groups/{group}/meetings", Read, g => $"/api/v1/groups/{g.Slug}/meetings") with { Shows = g => g.MeetingTitle },
        Api("POST", "api/v1/groups/{group}/meetings", Facilitate, g => $"/api/v1/groups/{g.Slug}/meetings") with
        {
            Body = _ => new
            {
                title = Unique.Name("Matrix meeting"), startsAt = Scene.Wall(20, 10), endsAt = Scene.Wall(20, 12), timeZone = "Asia/Shanghai",
                location = "Room 3", agenda = new[] { new { title = "Welcome" } },
            },
        },
        Api("GET", "api/v1/groups/{group}/actions", Read, g => $"/api/v1/groups/{g.Slug}/actions"),
        Api("GET", "api/v1/groups/{group}/calendar.ics", Read, g => $"/api/v1/groups/{g.Slug}/calendar.ics") with { Shows = g => g.MeetingTitle },
        Api("GET", "api/v1/meetings/{id:int}", Read, g => $"/api/v1/meetings/{g.MeetingId}") with { Shows = g => g.MeetingTitle },
        Api("GET", "api/v1/meetings/{id:int}", Read, g => $"/api/v1/meetings/{g.UnpublishedMeetingId}") with
        {
            Variant = "agenda not published",
            Why = "The meeting whose agenda is not published: its items are for facilitators only.",
        },
        Api("GET", "api/v1/meetings/{id:int}", Read, g => $"/api/v1/meetings/{g.ChathamHouseMeetingId}") with
        {
            Variant = "Chatham House", Shows = g => g.ChathamHouseMeetingTitle,
            Why = "Minutes named (v1), then Chatham House (v2), then a named draft: readers get stakeholder types only, attendance as counts.",
        },
        Api("PATCH", "api/v1/meetings/{id:int}", Facilitate, g => $"/api/v1/meetings/{g.MeetingId}") with
        {
            Fresh = Fresh.Meeting, Body = _ => new { location = "Room 4" },
        },
        Api("POST", "api/v1/meetings/{id:int}/cancel", Facilitate, g => $"/api/v1/meetings/{g.MeetingId}/cancel") with { Fresh = Fresh.Meeting },
        Api("POST", "api/v1/meetings/{id:int}/agenda/publish", Facilitate, g => $"/api/v1/meetings/{g.MeetingId}/agenda/publish") with { Fresh = Fresh.Meeting },
        Api("PUT", "api/v1/meetings/{id:int}/minutes", Facilitate, g => $"/api/v1/meetings/{g.MeetingId}/minutes") with
        {
            Fresh = Fresh.Meeting, Body = _ => new { body = "Minutes of the meeting.", attribution = "named" },
        },
        Api("POST", "api/v1/meetings/{id:int}/minutes/publish", Facilitate, g => $"/api/v1/meetings/{g.MeetingId}/minutes/publish") with { Fresh = Fresh.MinutesDraft },
        Api("GET", "api/v1/meetings/{id:int}/minutes/versions/{number:int}", Read, g => $"/api/v1/meetings/{g.MeetingId}/minutes/versions/1"),
        Api("GET", "api/v1/meetings/{id:int}/minutes/versions/{number:int}", FacilitatorsElseNotFound, g => $"/api/v1/meetings/{g.ChathamHouseMeetingId}/minutes/versions/1") with
        {
            Variant = "named version under Chatham House",
            Why = "Once a Chatham House version is published, earlier named versions are withheld from readers (facilitators see them).",
        },
        Api("PUT", "api/v1/meetings/{id:int}/attendance", Facilitate, g => $"/api/v1/meetings/{g.MeetingId}/attendance") with
        {
            Fresh = Fresh.Meeting, Body = g => new[] { new { userId = g.Scene.Member.Id, status = "present" } },
        },
        Api("POST", "api/v1/meetings/{id:int}/decisions", Facilitate, g => $"/api/v1/meetings/{g.MeetingId}/decisions") with
        {
            Fresh = Fresh.Meeting, Body = _ => new { text = "Decided." },
        },
        Api("POST", "api/v1/meetings/{id:int}/actions", Facilitate, g => $"/api/v1/meetings/{g.MeetingId}/actions") with
        {
            Fresh = Fresh.Meeting, Body = g => new { title = "Write to the bureau.", ownerUserId = g.Scene.Facilitator.Id, dueDate = Scene.Day(10) },
        },
        Api("GET", "api/v1/meetings/{id:int}/calendar.ics", Read, g => $"/api/v1/meetings/{g.MeetingId}/calendar.ics") with { Shows = g => g.MeetingTitle },
        Api("GET", "api/v1/meetings/{id:int}/calendar.ics", Read, g => $"/api/v1/meetings/{g.ChathamHouseMeetingId}/calendar.ics") with
        {
            Variant = "Chatham House", Shows = g => g.ChathamHouseMeetingTitle,
        },
        Api("PATCH", "api/v1/actions/{id:int}", AuthorOrFacilitator, g => $"/api/v1/actions/{g.ActionId}") with
        {
            Fresh = Fresh.Action, Body = _ => new { status = "done" },
            Except = new Dictionary<Caller, Answer> { [Caller.Member] = Answer.Forbidden },
            Why = "The action's owner is the facilitator: the owner or a facilitator may change it, the member may not.",
        },
        Api("POST", "api/v1/calendar/key", SignedIn, _ => "/api/v1/calendar/key"),
        Api("DELETE", "api/v1/calendar/key", SignedIn, _ => "/api/v1/calendar/key"),

        // ---- Search
        Api("GET", "api/v1/search", Nothing, g => "/api/v1/search?pageSize=100&q=" + SearchQuery(g)) with
        {
            Shows = g => g.Scene.Public.ThreadTitle,
            Why = "Searches for the scene's titles and the texts only some may read (hidden message, minutes draft, unpublished agenda).",
        },
        Api("GET", "api/v1/search/export", Nothing, g => "/api/v1/search/export?format=jsonl&q=" + SearchQuery(g)) with
        {
            Shows = g => g.Scene.Public.ThreadTitle,
            Why = "Exports the same search as a file (JSON Lines): only what the caller may read.",
        },
        Api("POST", "api/v1/search/rebuild", Administrator, _ => "/api/v1/search/rebuild") with { RunsAlone = true },
        Api("GET", "api/v1/search/rebuild", Administrator, _ => "/api/v1/search/rebuild"),

        // ---- E-mail (shared/API.md)
        Api("GET", "api/v1/me/notification-settings", SignedIn, _ => "/api/v1/me/notification-settings"),
        Api("PUT", "api/v1/me/notification-settings", SignedIn, _ => "/api/v1/me/notification-settings") with
        {
            Body = _ => new { enabled = true, digestHour = 8, timeZone = "Asia/Shanghai", language = "en", groups = Array.Empty<object>() },
        },
        Api("POST", "mail/unsubscribe", Nothing, g => UnsubscribeLink(g)) with
        {
            Fresh = Fresh.Person, Body = _ => OneClick(),
            Why = "One-click unsubscribe (RFC 8058): a mail client posts List-Unsubscribe=One-Click with no cookie and no antiforgery token; the signed token is the authority, for anyone who holds it.",
        },

        // ---- Files (shared/API.md)
        Api("POST", "api/v1/groups/{groupId}/documents", Contribute, g => $"/api/v1/groups/{g.Id}/documents") with { Body = _ => TextFile("notes.txt") },
        Api("GET", "api/v1/groups/{groupId}/documents", Read, g => $"/api/v1/groups/{g.Id}/documents") with { Shows = g => g.DocumentTitle },
        Api("GET", "api/v1/documents/{id:int}", Read, g => $"/api/v1/documents/{g.DocumentId}") with { Shows = g => g.DocumentTitle },
        Api("GET", "api/v1/documents/{id:int}/content", Read, g => $"/api/v1/documents/{g.DocumentId}/content") with { Shows = _ => "Notes of the working group." },
        Api("POST", "api/v1/documents/{id:int}/versions", AuthorOrFacilitator, g => $"/api/v1/documents/{g.DocumentId}/versions") with
        {
            Fresh = Fresh.Document, Body = _ => TextFile("notes.txt"),
        },
        Api("GET", "api/v1/documents/{id:int}/versions", Read, g => $"/api/v1/documents/{g.DocumentId}/versions") with { Shows = _ => "notes.txt" },
        Api("GET", "api/v1/documents/{id:int}/versions/{number:int}/content", Read, g => $"/api/v1/documents/{g.DocumentId}/versions/1/content") with
        {
            Shows = _ => "Notes of the working group.",
        },
        Api("DELETE", "api/v1/documents/{id:int}", AuthorOrFacilitator, g => $"/api/v1/documents/{g.DocumentId}") with { Fresh = Fresh.Document },
        Api("POST", "api/v1/documents/{id:int}/release", Facilitate, g => $"/api/v1/documents/{g.DocumentId}/release") with
        {
            Fresh = Fresh.Document, Allowed = [HttpStatusCode.Conflict],
            Why = "docs/api-extensions.md. The scene's document is not held back, so a facilitator passes the access checks and gets 409 (nothing to release); a held one is hidden from everyone else (404), see the Files module's GuardTests.",
        },
        Api("POST", "api/v1/groups/{groupId}/drafts/import", Facilitate, g => $"/api/v1/groups/{g.Id}/drafts/import") with { Body = _ => WordFile("A paragraph.") },
        Api("POST", "api/v1/drafts/{id:int}/versions/import", Facilitate, g => $"/api/v1/drafts/{g.DraftId}/versions/import") with
        {
            Fresh = Fresh.Draft, Body = _ => WordFile("A new version."),
        },
        Api("POST", "api/v1/groups/{groupId}/archive", FacilitatorsElseNotFound, g => $"/api/v1/groups/{g.Id}/archive") with
        {
            Why = "A group's record leaves the site only through its facilitators: to everyone else the archive routes answer as if there were none (404), also in a public group.",
        },
        Api("GET", "api/v1/archives/{id:guid}", FacilitatorsElseNotFound, g => $"/api/v1/archives/{g.ArchiveId}") with { Shows = _ => "done" },
        Api("GET", "api/v1/archives/{id:guid}/content", FacilitatorsElseNotFound, g => $"/api/v1/archives/{g.ArchiveId}/content") with { Shows = _ => "manifest.json" },
        Api("GET", "api/v1/groups/{groupId}/exports/{table}", Read, g => $"/api/v1/groups/{g.Id}/exports/decisions?format=csv") with
        {
            Shows = g => g.MeetingTitle,
            Why = "Records out (docs/api-extensions.md): decisions, actions and positions are what every reader reads on the meeting and draft pages.",
        },
        Api("GET", "api/v1/groups/{groupId}/exports/{table}", Read, g => $"/api/v1/groups/{g.Id}/exports/actions?format=xlsx") with { Variant = "actions" },
        Api("GET", "api/v1/groups/{groupId}/exports/{table}", Read, g => $"/api/v1/groups/{g.Id}/exports/positions?format=csv") with { Variant = "positions", Shows = g => g.DraftTitle },
        Api("GET", "api/v1/groups/{groupId}/exports/{table}", Facilitate, g => $"/api/v1/groups/{g.Id}/exports/attendance?format=csv") with
        {
            Variant = "attendance", Shows = g => g.ChathamHouseMeetingTitle,
            Why = "A file of every meeting's attendance (people, and whether they came) leaves the site: facilitators only; it holds what readers read (counts per stakeholder type under Chatham House).",
        },

        // ---- Pages
        Page("", Nothing, _ => "/"),
        Page("account/access-denied", Nothing, _ => "/account/access-denied") with
        {
            Allowed = [HttpStatusCode.Forbidden], Why = "The page that says \"you may not\" answers with 403 itself.",
        },
        Page("account/invitation", Nothing, _ => "/account/invitation"),
        Page("account/login", Nothing, _ => "/account/login"),
        Page("account/logout", Nothing, _ => "/account/logout"),
        Page("account/password", SignedIn, _ => "/account/password"),
        Page("account/notifications", SignedIn, _ => "/account/notifications"),
        Page("mail/unsubscribe", Nothing, g => UnsubscribeLink(g)) with
        {
            Fresh = Fresh.Person, Shows = g => g.Scene.Public.Name,
            Why = "The page of a mail's unsubscribe link: no sign-in; it names the public group to the link's holder (a new person, who may read it).",
        },
        Page("account/register", Nothing, _ => "/account/register") with
        {
            Allowed = [HttpStatusCode.NotFound], Why = "Self-registration is off unless an administrator turns it on (shared/API.md): the page is not there.",
        },
        Page("error/{code:int?}", Nothing, _ => "/error/404") with { Allowed = [HttpStatusCode.NotFound], Why = "The error page answers with the status it describes." },
        // The page shows 20 results, best first: narrowed to the public group, whose thread it must show, so that the
        // thread is on the first page however many messages of both groups the other rows add (a member once got a first
        // page of the members-only group's messages). The API row above reads 100 results of both groups.
        Page("search", Nothing, g => $"/search?group={g.Scene.Public.Slug}&q=" + SearchQuery(g)) with { Shows = g => g.Scene.Public.ThreadTitle },
        Page("calendar", SignedIn, _ => "/calendar"),
        Page("notifications", SignedIn, _ => "/notifications"),
        Page("admin/users", Administrator, _ => "/admin/users"),
        Page("admin/audit", Administrator, _ => "/admin/audit"),
        Page("admin/search", Administrator, _ => "/admin/search"),
        Page("admin/mail", Administrator, _ => "/admin/mail"),
        Page("admin/groups", Administrator, _ => "/admin/groups"),
        Page("admin/organisations", Administrator, _ => "/admin/organisations"),
        Page("groups/{slug}", Read, g => $"/groups/{g.Slug}") with { Shows = g => g.Name },
        Page("groups/{slug}/moderation", Facilitate, g => $"/groups/{g.Slug}/moderation"),
        Page("groups/{slug}/threads/new", Contribute, g => $"/groups/{g.Slug}/threads/new"),
        Page("groups/{slug}/threads/{id:int}", Read, g => $"/groups/{g.Slug}/threads/{g.ThreadId}") with { Shows = g => g.ThreadTitle },
        Page("groups/{slug}/threads/{id:int}?handler=Messages", Read, g => $"/groups/{g.Slug}/threads/{g.ThreadId}?handler=Messages&after=0"),
        Page("groups/{slug}/drafts/{id:int}", Read, g => $"/groups/{g.Slug}/drafts/{g.DraftId}") with { Shows = g => g.DraftTitle },
        Page("groups/{slug}/drafts/{id:int}/diff", Read, g => $"/groups/{g.Slug}/drafts/{g.DraftId}/diff?from=1&to=2"),
        Page("groups/{slug}/drafts/{id:int}/amendments", Read, g => $"/groups/{g.Slug}/drafts/{g.DraftId}/amendments"),
        Page("groups/{slug}/drafts/{id:int}/print", Read, g => $"/groups/{g.Slug}/drafts/{g.DraftId}/print") with { Shows = g => g.DraftTitle },
        Page("groups/{slug}/drafts/new", Facilitate, g => $"/groups/{g.Slug}/drafts/new"),
        Page("groups/{slug}/drafts/{id:int}/edit", Facilitate, g => $"/groups/{g.Slug}/drafts/{g.DraftId}/edit"),
        Page("groups/{slug}/documents", Read, g => $"/groups/{g.Slug}/documents"),
        Page("groups/{slug}/documents/upload", Contribute, g => $"/groups/{g.Slug}/documents/upload"),
        Page("groups/{slug}/documents/{id:int}", Read, g => $"/groups/{g.Slug}/documents/{g.DocumentId}") with { Shows = g => g.DocumentTitle },
        Page("groups/{slug}/documents/{id:int}/version", AuthorOrFacilitator, g => $"/groups/{g.Slug}/documents/{g.DocumentId}/version"),
        Page("groups/{slug}/archive", Facilitate, g => $"/groups/{g.Slug}/archive"),
        Page("groups/{slug}/drafts/import", Facilitate, g => $"/groups/{g.Slug}/drafts/import"),
        Page("groups/{slug}/drafts/{id:int}/import", Facilitate, g => $"/groups/{g.Slug}/drafts/{g.DraftId}/import"),
        Page("groups/{slug}/meetings/{id:int}", Read, g => $"/groups/{g.Slug}/meetings/{g.MeetingId}") with { Shows = g => g.MeetingTitle },
        Page("groups/{slug}/meetings/{id:int}", Read, g => $"/groups/{g.Slug}/meetings/{g.ChathamHouseMeetingId}") with
        {
            Variant = "Chatham House", Shows = g => g.ChathamHouseMeetingTitle,
        },
        Page("groups/{slug}/meetings/{id:int}/minutes", Facilitate, g => $"/groups/{g.Slug}/meetings/{g.MeetingId}/minutes"),
        Page("groups/{slug}/meetings/new", Facilitate, g => $"/groups/{g.Slug}/meetings/new"),
        Page("groups/{slug}/meetings/{id:int}/edit", Facilitate, g => $"/groups/{g.Slug}/meetings/{g.MeetingId}/edit"),
    ];

    /// <summary>Endpoints the site maps that are not routes of the platform, and why they have no row.</summary>
    public static IReadOnlyDictionary<string, string> NotRoutes { get; } = new Dictionary<string, string>
    {
        ["GET /{}"] = "The static-asset fallback of Development ({**path:file}): files, no data.",
    };

    private const string PageForm = "Page form posts are not driven by the matrix yet (each needs its form's fields and the page's antiforgery token); the API route behind each is.";

    /// <summary>The pages' form handlers the matrix does not call yet: listed so that none is missed silently, and a new
    /// one fails <c>Every_endpoint_of_the_site_has_a_row</c> until it is given a row or put here.</summary>
    public static IReadOnlyDictionary<string, string> PageFormsNotInMatrix { get; } = new Dictionary<string, string>
    {
        ["POST /groups/{slug}/threads/{id:int}?handler=Send"] = PageForm,
        ["POST /groups/{slug}/threads/{id:int}?handler=Edit"] = PageForm,
        ["POST /groups/{slug}/threads/{id:int}?handler=Delete"] = PageForm,
        ["POST /groups/{slug}/threads/{id:int}?handler=React"] = PageForm,
        ["POST /groups/{slug}/threads/{id:int}?handler=Flag"] = PageForm,
        ["POST /groups/{slug}/threads/{id:int}?handler=Hide"] = PageForm,
        ["POST /groups/{slug}/threads/{id:int}?handler=Lock"] = PageForm,
        ["POST /groups/{slug}/moderation?handler=Hide"] = PageForm,
        ["POST /groups/{slug}/moderation?handler=Dismiss"] = PageForm,
        ["POST /groups/{slug}/threads/new"] = PageForm,
        ["POST /groups/{slug}/drafts/new?handler=Preview"] = PageForm,
        ["POST /groups/{slug}/drafts/new"] = PageForm,
        ["POST /groups/{slug}/drafts/{id:int}/edit?handler=Preview"] = PageForm,
        ["POST /groups/{slug}/drafts/{id:int}/edit"] = PageForm,
        ["POST /groups/{slug}/drafts/import"] = PageForm,
        ["POST /groups/{slug}/documents/upload"] = PageForm,
        ["POST /groups/{slug}/documents/{id:int}/version"] = PageForm,
        ["POST /groups/{slug}/documents?handler=Delete"] = PageForm,
        ["POST /groups/{slug}/documents?handler=Release"] = PageForm,
        ["POST /groups/{slug}/archive"] = PageForm,
        ["POST /groups/{slug}/drafts/{id:int}/import"] = PageForm,
        ["POST /groups/{slug}/drafts/{id:int}/amendments?handler=Propose"] = PageForm,
        ["POST /groups/{slug}/drafts/{id:int}/amendments?handler=Accept"] = PageForm,
        ["POST /groups/{slug}/drafts/{id:int}/amendments?handler=Reject"] = PageForm,
        ["POST /groups/{slug}/drafts/{id:int}?handler=Comment"] = PageForm,
        ["POST /groups/{slug}/drafts/{id:int}?handler=Position"] = PageForm,
        ["POST /groups/{slug}/drafts/{id:int}?handler=Status"] = PageForm,
        ["POST /admin/search?handler=Rebuild"] = PageForm,
        ["POST /admin/mail?handler=Test"] = PageForm,
        ["POST /account/logout"] = PageForm,
        ["POST /account/password"] = PageForm,
        ["POST /account/notifications"] = PageForm,
        ["POST /account/notifications?handler=SwitchOn"] = PageForm,
        ["POST /admin/users?handler=Create"] = PageForm,
        ["POST /admin/users?handler=Administrator"] = PageForm,
        ["POST /admin/users?handler=Lock"] = PageForm,
        ["POST /admin/users?handler=Invitation"] = PageForm,
        ["POST /account/register"] = PageForm,
        ["POST /account/login"] = PageForm,
        ["POST /account/invitation"] = PageForm,
        ["POST /groups/{slug}/meetings/{id:int}?handler=PublishAgenda"] = PageForm,
        ["POST /groups/{slug}/meetings/{id:int}?handler=Cancel"] = PageForm,
        ["POST /groups/{slug}/meetings/{id:int}?handler=Attendance"] = PageForm,
        ["POST /groups/{slug}/meetings/{id:int}?handler=Decision"] = PageForm,
        ["POST /groups/{slug}/meetings/{id:int}?handler=Action"] = PageForm,
        ["POST /groups/{slug}/meetings/{id:int}?handler=ActionStatus"] = PageForm,
        ["POST /calendar?handler=Create"] = PageForm,
        ["POST /calendar?handler=Revoke"] = PageForm,
        ["POST /groups/{slug}/meetings/new"] = PageForm,
        ["POST /groups/{slug}/meetings/{id:int}/edit"] = PageForm,
        ["POST /groups/{slug}/meetings/{id:int}/minutes?handler=Preview"] = PageForm,
        ["POST /groups/{slug}/meetings/{id:int}/minutes?handler=Save"] = PageForm,
        ["POST /groups/{slug}/meetings/{id:int}/minutes?handler=Publish"] = PageForm,
        ["POST /groups/{slug}?handler=Add"] = PageForm,
        ["POST /groups/{slug}?handler=Role"] = PageForm,
        ["POST /groups/{slug}?handler=Remove"] = PageForm,
        ["POST /admin/organisations"] = PageForm,
        ["POST /admin/groups"] = PageForm,
        ["POST /notifications?handler=Open"] = PageForm,
        ["POST /notifications?handler=ReadAll"] = PageForm,
    };

    private static RouteRow Api(string method, string template, Need need, Func<GroupScene, string> path) => new(method, template, need, path);

    private static RouteRow Page(string template, Need need, Func<GroupScene, string> path) => new("GET", template, need, path) { IsPage = true };

    private static string SearchQuery(GroupScene g) =>
        Uri.EscapeDataString(string.Join(" OR ", g.Scene.MembersOnly.SearchTerms.Concat(g.Scene.Public.SearchTerms).Take(32)));

    /// <summary>The unsubscribe link of a mail to the row's new person about agendas of the public group.</summary>
    private static string UnsubscribeLink(GroupScene g) =>
        "/mail/unsubscribe?token=" + Uri.EscapeDataString(g.Scene.App.Services.GetRequiredService<UnsubscribeTokens>()
            .Create(new UnsubscribeRequest(g.NewUser!.Id, g.Scene.Public.Id, MailKinds.Agenda)));

    /// <summary>The body a mail client posts (RFC 8058), with no antiforgery token.</summary>
    private static FormUrlEncodedContent OneClick() => new([new("List-Unsubscribe", "One-Click")]);

    /// <summary>The smallest Word document the import reads: the package's content types, its relationship to the main
    /// part, and one paragraph.</summary>
    private static MultipartFormDataContent WordFile(string paragraph)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, xml) in new[]
            {
                ("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"),
                ("_rels/.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>"),
                ("word/document.xml", $"<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>{paragraph}</w:t></w:r></w:p></w:body></w:document>"),
            })
            {
                using var entry = new StreamWriter(zip.CreateEntry(name).Open());
                entry.Write(xml);
            }
        }
        var file = new ByteArrayContent(buffer.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        return new MultipartFormDataContent { { file, "file", "draft.docx" } };
    }

    private static MultipartFormDataContent TextFile(string name)
    {
        var file = new ByteArrayContent("Notes of the working group."u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        return new MultipartFormDataContent { { file, "file", name } };
    }
}
