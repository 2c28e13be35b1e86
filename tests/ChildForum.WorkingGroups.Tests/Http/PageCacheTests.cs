using System.Net;
using System.Net.Http.Json;
using ChildForum.Testing;

namespace ChildForum.WorkingGroups.Tests.Http;

/// <summary>Pages read by visitors who are not signed in are kept and served again (the <c>Age</c> header says so) until
/// something they show changes; nobody ever reads a kept page that is older than a change they could see, or one made for
/// someone else.</summary>
public abstract class PageCacheTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task A_public_group_page_is_served_again_to_the_next_visitor_without_a_token_or_a_cookie()
    {
        var group = await App.CreateGroupAsync("public", (DemoUsers.Facilitator, "facilitator"));
        using var first = App.CreateAnonymousClient();
        using var second = App.CreateAnonymousClient();

        using var rendered = await first.GetAsync($"/groups/{group.Slug}");
        using var kept = await second.GetAsync($"/groups/{group.Slug}");

        Assert.Equal(HttpStatusCode.OK, rendered.StatusCode);
        Assert.Null(rendered.Headers.Age);
        Assert.NotNull(kept.Headers.Age);
        var html = await kept.Content.ReadAsStringAsync();
        Assert.Equal(await rendered.Content.ReadAsStringAsync(), html);
        Assert.Contains(group.Name, html, StringComparison.Ordinal);
        Assert.DoesNotContain("RequestVerificationToken", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("request-verification-token", html, StringComparison.Ordinal);
        Assert.False(kept.Headers.Contains("Set-Cookie"));
    }

    [SkippableFact]
    public async Task A_new_thread_is_on_the_group_page_for_the_next_visitor()
    {
        var group = await App.CreateGroupAsync("public", (DemoUsers.Facilitator, "facilitator"));
        using var visitor = App.CreateAnonymousClient();
        await visitor.GetStringAsync($"/groups/{group.Slug}");
        Assert.NotNull((await visitor.GetAsync($"/groups/{group.Slug}")).Headers.Age);
        var title = "Kept pages follow changes " + Unique.Slug();

        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var created = await facilitator.PostAsJsonAsync($"/api/v1/groups/{group.Id}/threads", new { title, body = "The first message." });
        await created.AssertStatusAsync(HttpStatusCode.Created);

        Assert.Contains(title, await visitor.GetStringAsync($"/groups/{group.Slug}"), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_group_made_members_only_is_gone_for_visitors_at_once()
    {
        var group = await App.CreateGroupAsync("public", (DemoUsers.Facilitator, "facilitator"));
        using var visitor = App.CreateAnonymousClient();
        await visitor.GetStringAsync($"/groups/{group.Slug}");
        Assert.NotNull((await visitor.GetAsync($"/groups/{group.Slug}")).Headers.Age);

        using var admin = await App.ClientForAsync(DemoUsers.Admin);
        using var changed = await admin.PatchAsJsonAsync($"/api/v1/groups/{group.Id}", new { visibility = "members" });
        Assert.True(changed.IsSuccessStatusCode, $"PATCH answered {(int)changed.StatusCode}");

        using var after = await visitor.GetAsync($"/groups/{group.Slug}");
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.DoesNotContain(group.Name, await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Each_language_is_kept_apart()
    {
        var group = await App.CreateGroupAsync("public", (DemoUsers.Facilitator, "facilitator"));
        using var english = App.CreateAnonymousClient();
        english.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        using var chinese = App.CreateAnonymousClient();
        chinese.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-Hans");

        await english.GetStringAsync($"/groups/{group.Slug}");
        using var kept = await english.GetAsync($"/groups/{group.Slug}");
        var inChinese = await chinese.GetStringAsync($"/groups/{group.Slug}");

        Assert.NotNull(kept.Headers.Age);
        Assert.Contains("<html lang=\"en\"", await kept.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("<html lang=\"zh-Hans\"", inChinese, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Signed_in_pages_and_pages_with_a_form_are_always_rendered()
    {
        var group = await App.CreateGroupAsync("public", (DemoUsers.Facilitator, "facilitator"));
        using var browser = await App.SignInWithCookieAsync(DemoUsers.Facilitator);
        using var visitor = App.CreateAnonymousClient();

        await browser.Client.GetStringAsync($"/groups/{group.Slug}");
        using var again = await browser.Client.GetAsync($"/groups/{group.Slug}");
        await visitor.GetStringAsync("/account/login");
        using var signIn = await visitor.GetAsync("/account/login");

        Assert.Null(again.Headers.Age);
        Assert.Contains("request-verification-token", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(signIn.Headers.Age);
        Assert.Contains("__RequestVerificationToken", await signIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_language_switcher_works_without_a_token()
    {
        using var visitor = App.CreateAnonymousClient();

        using var response = await visitor.PostAsync("/culture", new FormUrlEncodedContent(new Dictionary<string, string> { ["culture"] = "zh-Hans", ["returnUrl"] = "/" }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.Contains("zh-Hans", StringComparison.Ordinal));
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class PageCacheTestsOnSqlite(SqliteAppFixture fixture) : PageCacheTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class PageCacheTestsOnPostgres(PostgresAppFixture fixture) : PageCacheTests(fixture);
