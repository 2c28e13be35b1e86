using System.Globalization;
using ChildForum.Core.Localization;
using ChildForum.Core.Notifications;
using ChildForum.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Core.Tests.Notifications;

/// <summary>A notification's template and arguments, stored and read back, are put into the language of the request by
/// the site's own translations: phrases of the module (written with <c>Notice.T</c>) are translated, what people wrote
/// is not, and a stored text that cannot be read shows its template rather than failing the page.</summary>
[Collection(SqliteAppFixture.Collection)]
public sealed class NoticeTextTests(SqliteAppFixture fixture) : ForumTest(fixture)
{
    private const string Template = "Safeguarding: {0} of policy draft '{1}' has a phone number or e-mail address that its author confirmed may be shared. Check that it is not a child's.";

    [SkippableFact]
    public void Phrases_are_translated_and_what_people_wrote_is_not()
    {
        // A title that is also a phrase the site translates stays as its author wrote it.
        var text = new NoticeText(Template, [new NoticeText("the text of version {0}", ["3"]), "a comment"]);
        var stored = Stored(text);

        Assert.Equal("Safeguarding: the text of version 3 of policy draft 'a comment' has a phone number or e-mail address that its author confirmed may be shared. Check that it is not a child's.", text.English);
        Assert.Equal(text.English, stored.Text);
        Assert.Equal(text.English, Show(stored, "en"));
        Assert.Equal("儿童保护提醒：政策草案“a comment”的第 3 版的正文中有一个电话号码或电子邮箱，作者已确认可以公开。请核实它不属于儿童。", Show(stored, "zh-Hans"));
    }

    [SkippableTheory]
    [InlineData("not json")]
    [InlineData("{\"template\":\"x\"}")]
    [InlineData("[1, true, null]")]
    [InlineData("[{\"template\": 4, \"arguments\": []}]")]
    public void Arguments_that_cannot_be_read_leave_the_template_as_it_is(string arguments)
    {
        var notification = new Notification { UserId = "u", Kind = "draft", Text = "English", Template = "Policy draft adopted: {0}", Arguments = arguments, Url = "/" };

        Assert.Equal("政策草案已通过：{0}", Show(notification, "zh-Hans"));
    }

    [SkippableFact]
    public void A_template_no_module_translates_shows_in_english_and_one_kept_as_text_shows_its_text()
    {
        var unknown = Stored(Notice.T["Something new: {0}", "Dormitories"]);
        var old = new Notification { UserId = "u", Kind = "meeting", Text = "Agenda published: Dormitories", Url = "/" };

        Assert.Equal("Something new: Dormitories", Show(unknown, "zh-Hans"));
        Assert.Equal("Agenda published: Dormitories", Show(old, "zh-Hans"));
    }

    private static Notification Stored(NoticeText text) =>
        new() { UserId = "u", Kind = "draft", Text = text.English, Template = text.Template, Arguments = text.ArgumentsJson, Url = "/" };

    private string Show(Notification notification, string culture)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            return App.Services.GetRequiredService<NoticeTexts>().Show(notification);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
