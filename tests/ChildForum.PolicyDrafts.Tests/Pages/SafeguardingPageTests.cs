using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using ChildForum.PolicyDrafts.Tests.Infrastructure;
using ChildForum.Testing;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.PolicyDrafts.Tests.Pages;

/// <summary>The children's-data guard on the draft pages, submitted as a browser without script does: the refusal
/// appears next to the field in the reader's language, and a phone number or e-mail address can be confirmed with a
/// checkbox in the same form.</summary>
public abstract class SafeguardingPageTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private const string Phone = "13812345678";

    private async Task<BrowserSession> SignInAsync(string user, string language = "en")
    {
        var session = await App.SignInWithCookieAsync(user);
        session.Client.DefaultRequestHeaders.AcceptLanguage.Clear();
        session.Client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        return session;
    }

    /// <summary>The form a browser would submit: its action and every named input it holds (hidden ones included).</summary>
    private static (string Action, Dictionary<string, string> Fields) Form(HtmlPage page, Func<IHtmlFormElement, bool> which)
    {
        var form = page.Document.QuerySelectorAll<IHtmlFormElement>("main form[method='post']").First(which);
        var fields = form.QuerySelectorAll<IHtmlInputElement>("input[name]")
            .Where(i => i.Type is not ("checkbox" or "radio") || i.IsChecked)
            .ToDictionary(i => i.Name!, i => i.Value, StringComparer.Ordinal);
        return (form.GetAttribute("action") ?? "", fields);
    }

    private static bool IsCommentFormFor(IHtmlFormElement form, string anchor) =>
        (form.GetAttribute("action") ?? "").Contains("handler=Comment", StringComparison.Ordinal)
        && form.QuerySelector($"input[name='Anchor'][value='{anchor}']") is not null
        && form.QuerySelector("input[name='ReplyToId']") is null;

    private static bool IsProposeForm(IHtmlFormElement form) => (form.GetAttribute("action") ?? "").Contains("handler=Propose", StringComparison.Ordinal);

    private static async Task<HtmlPage> ReadPageAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        await response.AssertStatusAsync(expected);
        return await HtmlPage.ReadAsync(response);
    }

    private Task<int> SafeguardingNotificationsAsync(string userId, int draftId) =>
        App.QueryDatabaseAsync(db => db.Notifications.CountAsync(n => n.UserId == userId && n.Kind == "safeguarding" && n.Url.Contains($"/drafts/{draftId}")));

    [SkippableTheory]
    [InlineData("en", "resident ID number")]
    [InlineData("zh-Hans", "身份证号码")]
    public async Task Comment_form_shows_the_refused_id_number_next_to_the_comment_in_the_readers_language(string language, string words)
    {
        var scene = await App.NewSceneAsync();
        using var cso = await SignInAsync(DemoUsers.Cso, language);
        using var api = await App.ClientForAsync(DemoUsers.Cso);
        var anchor = (await api.DraftAsync(scene.Id)).Blocks[1].Anchor;
        using var draftPage = await cso.GetPageAsync($"/groups/{scene.Group.Slug}/drafts/{scene.Id}");
        var (action, fields) = Form(draftPage, f => IsCommentFormFor(f, anchor));
        fields["CommentBody"] = $"Child ID {IdNumbers.Valid}, tel {Phone}";

        using var response = await cso.PostFormAsync(action, fields);

        using var page = await ReadPageAsync(response, HttpStatusCode.BadRequest);
        var error = page.TextOf($"#comment-{anchor}-error");
        Assert.Contains("…002X", error, StringComparison.Ordinal);
        Assert.Contains(words, error, StringComparison.Ordinal);
        Assert.Null(page.Document.QuerySelector("input[name='ConfirmPersonalData']"));
        Assert.Empty(await api.CommentsAsync(scene.Id));
    }

    [SkippableFact]
    public async Task Comment_form_asks_to_confirm_a_phone_number_and_stores_it_once_confirmed()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await SignInAsync(DemoUsers.Cso);
        using var api = await App.ClientForAsync(DemoUsers.Cso);
        var anchor = (await api.DraftAsync(scene.Id)).Blocks[2].Anchor;
        using var draftPage = await cso.GetPageAsync($"/groups/{scene.Group.Slug}/drafts/{scene.Id}");
        var (action, fields) = Form(draftPage, f => IsCommentFormFor(f, anchor));
        fields["CommentBody"] = $"The station's duty phone is {Phone}.";

        using var asked = await cso.PostFormAsync(action, fields);

        using var page = await ReadPageAsync(asked, HttpStatusCode.Conflict);
        Assert.Contains("5678", page.TextOf($"#comment-{anchor}-error"), StringComparison.Ordinal);
        var (confirmAction, confirmFields) = Form(page, f => IsCommentFormFor(f, anchor));
        Assert.NotNull(page.Document.QuerySelectorAll<IHtmlFormElement>("main form").First(f => IsCommentFormFor(f, anchor)).QuerySelector("input[type='checkbox'][name='ConfirmPersonalData']"));
        Assert.Empty(await api.CommentsAsync(scene.Id));

        confirmFields["CommentBody"] = fields["CommentBody"];
        confirmFields["ConfirmPersonalData"] = "true";
        using var confirmed = await cso.PostFormAsync(confirmAction, confirmFields);

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Contains(Phone, Assert.Single(await api.CommentsAsync(scene.Id)).Body, StringComparison.Ordinal);
        Assert.Equal(1, await SafeguardingNotificationsAsync(await App.UserIdAsync(DemoUsers.Facilitator), scene.Id));
    }

    [SkippableTheory]
    [InlineData("en", "resident ID number")]
    [InlineData("zh-Hans", "身份证号码")]
    public async Task Amendment_form_shows_a_refused_id_number_next_to_the_rationale(string language, string words)
    {
        var scene = await App.NewSceneAsync();
        using var cso = await SignInAsync(DemoUsers.Cso, language);
        using var api = await App.ClientForAsync(DemoUsers.Cso);
        var anchor = (await api.DraftAsync(scene.Id)).Blocks[1].Anchor;
        using var form = await cso.GetPageAsync($"/groups/{scene.Group.Slug}/drafts/{scene.Id}/amendments?anchor={anchor}");
        var (action, fields) = Form(form, IsProposeForm);
        fields["ProposedText"] = "Each new child director attends a three-day training.";
        fields["Rationale"] = $"As the case of ID {IdNumbers.Valid} shows.";

        using var response = await cso.PostFormAsync(action, fields);

        using var page = await ReadPageAsync(response, HttpStatusCode.BadRequest);
        var error = page.TextOf("#Rationale-error");
        Assert.Contains("…002X", error, StringComparison.Ordinal);
        Assert.Contains(words, error, StringComparison.Ordinal);
        Assert.Equal("", page.TextOf("#ProposedText-error"));
        Assert.Empty(await api.AmendmentsAsync(scene.Id));
    }

    [SkippableFact]
    public async Task Amendment_form_asks_to_confirm_an_e_mail_address_and_stores_it_once_confirmed()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await SignInAsync(DemoUsers.Cso, "zh-Hans");
        using var api = await App.ClientForAsync(DemoUsers.Cso);
        var anchor = (await api.DraftAsync(scene.Id)).Blocks[3].Anchor;
        using var form = await cso.GetPageAsync($"/groups/{scene.Group.Slug}/drafts/{scene.Id}/amendments?anchor={anchor}");
        var (action, fields) = Form(form, IsProposeForm);
        fields["ProposedText"] = "A worried director writes to station@example.cn or calls the township social work station.";
        fields["Rationale"] = "Give the station's address.";

        using var asked = await cso.PostFormAsync(action, fields);

        using var page = await ReadPageAsync(asked, HttpStatusCode.Conflict);
        Assert.Contains("电子邮箱", page.TextOf("#propose-error"), StringComparison.Ordinal);
        var checkbox = page.Document.QuerySelectorAll<IHtmlFormElement>("main form").First(IsProposeForm).QuerySelector("input[type='checkbox'][name='ConfirmPersonalData']");
        Assert.NotNull(checkbox);
        Assert.Contains("儿童", checkbox!.ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.Empty(await api.AmendmentsAsync(scene.Id));

        var (confirmAction, confirmFields) = Form(page, IsProposeForm);
        confirmFields["ProposedText"] = fields["ProposedText"];
        confirmFields["Rationale"] = fields["Rationale"];
        confirmFields["ConfirmPersonalData"] = "true";
        using var confirmed = await cso.PostFormAsync(confirmAction, confirmFields);

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Contains("station@example.cn", Assert.Single(await api.AmendmentsAsync(scene.Id)).ProposedText, StringComparison.Ordinal);
        Assert.Equal(1, await SafeguardingNotificationsAsync(await App.UserIdAsync(DemoUsers.Facilitator), scene.Id));
    }

    [SkippableFact]
    public async Task Position_form_asks_to_confirm_a_phone_number_and_stores_it_once_confirmed()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await SignInAsync(DemoUsers.Cso);
        using var api = await App.ClientForAsync(DemoUsers.Cso);
        using var draftPage = await cso.GetPageAsync($"/groups/{scene.Group.Slug}/drafts/{scene.Id}");
        static bool IsPositionForm(IHtmlFormElement form) => (form.GetAttribute("action") ?? "").Contains("handler=Position", StringComparison.Ordinal);
        var (action, fields) = Form(draftPage, IsPositionForm);
        fields["Stance"] = "support";
        fields["Statement"] = $"We support it; questions to our desk on {Phone}.";

        using var asked = await cso.PostFormAsync(action, fields);

        using var page = await ReadPageAsync(asked, HttpStatusCode.Conflict);
        Assert.Contains("5678", page.TextOf("#position-error"), StringComparison.Ordinal);
        Assert.NotNull(page.Document.QuerySelectorAll<IHtmlFormElement>("main form").First(IsPositionForm).QuerySelector("input[type='checkbox'][name='ConfirmPersonalData']"));
        Assert.Empty(await api.PositionsAsync(scene.Id));

        var (confirmAction, confirmFields) = Form(page, IsPositionForm);
        confirmFields["Stance"] = "support";
        confirmFields["Statement"] = fields["Statement"];
        confirmFields["ConfirmPersonalData"] = "true";
        using var confirmed = await cso.PostFormAsync(confirmAction, confirmFields);

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Contains(Phone, Assert.Single(await api.PositionsAsync(scene.Id)).Statement, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Reject_form_shows_a_refused_id_number_next_to_the_reason()
    {
        var scene = await App.NewSceneAsync();
        using var api = await App.ClientForAsync(DemoUsers.Cso);
        var amendment = await api.ProposeAsync(scene.Id, 1, (await api.DraftAsync(scene.Id)).Blocks[1].Anchor, "Three days of training.");
        using var facilitator = await SignInAsync(DemoUsers.Facilitator, "zh-Hans");
        using var amendments = await facilitator.GetPageAsync($"/groups/{scene.Group.Slug}/drafts/{scene.Id}/amendments");
        bool IsRejectForm(IHtmlFormElement form) => (form.GetAttribute("action") ?? "").Contains("handler=Reject", StringComparison.Ordinal)
            && (form.GetAttribute("action") ?? "").Contains($"amendmentId={amendment.Id}", StringComparison.Ordinal);
        var (action, fields) = Form(amendments, IsRejectForm);
        fields["Reason"] = $"See the file of {IdNumbers.Valid}.";

        using var response = await facilitator.PostFormAsync(action, fields);

        using var page = await ReadPageAsync(response, HttpStatusCode.BadRequest);
        var error = page.TextOf($"#reason-{amendment.Id}-error");
        Assert.Contains("…002X", error, StringComparison.Ordinal);
        Assert.Contains("身份证号码", error, StringComparison.Ordinal);
        Assert.Equal(["open"], (await api.AmendmentsAsync(scene.Id)).Select(a => a.Status));
    }

    [SkippableFact]
    public async Task Editor_shows_a_refused_id_number_in_the_title_next_to_the_title()
    {
        var scene = await App.NewSceneAsync();
        using var facilitator = await SignInAsync(DemoUsers.Facilitator);
        using var editor = await facilitator.GetPageAsync($"/groups/{scene.Group.Slug}/drafts/new");
        var (action, fields) = Form(editor, _ => true);
        fields["Title"] = $"Case {IdNumbers.Valid}";
        fields["Body"] = DraftScene.DefaultBody;

        using var response = await facilitator.PostFormAsync(string.IsNullOrEmpty(action) ? $"/groups/{scene.Group.Slug}/drafts/new" : action, fields);

        using var page = await ReadPageAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("…002X", page.TextOf("#Title-error"), StringComparison.Ordinal);
        using var api = await App.ClientForAsync(DemoUsers.Facilitator);
        Assert.Single(await (await api.GetAsync($"/api/v1/groups/{scene.Group.Id}/drafts")).ReadJsonAsync<List<DraftSummaryJson>>());
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class SafeguardingPageTestsOnSqlite(SqliteAppFixture fixture) : SafeguardingPageTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class SafeguardingPageTestsOnPostgres(PostgresAppFixture fixture) : SafeguardingPageTests(fixture);
