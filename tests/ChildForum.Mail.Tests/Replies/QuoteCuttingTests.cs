using ChildForum.Mail.Services.Replies;
using MimeKit;
using MimeKit.Text;

namespace ChildForum.Mail.Tests.Replies;

/// <summary>What is left of a reply once the mail program's additions are cut, on replies written the way Gmail, Outlook,
/// Apple Mail, QQ Mail and Foxmail write them (English and Chinese).</summary>
public sealed class QuoteCuttingTests
{
    [Fact]
    public void Gmail_attribution_and_quote_are_cut()
    {
        var text = """
            Thanks, I agree with the timeline.

            On Mon, Dec 7, 2026 at 10:15 AM ChildForum <forum@childforum.test> wrote:

            > Li Wei answered your message in "Summer camps":
            > Could you share the numbers?
            """;
        Assert.Equal("Thanks, I agree with the timeline.", ReplyText.Cut(text));
    }

    [Fact]
    public void Gmail_attribution_wrapped_over_two_lines_is_cut()
    {
        var text = "Yes, 42 camps.\n\nOn Mon, Dec 7, 2026 at 10:15 AM ChildForum <\nforum@childforum.test> wrote:\n\n> Could you share the numbers?\n";
        Assert.Equal("Yes, 42 camps.", ReplyText.Cut(text));
    }

    [Fact]
    public void Chinese_Gmail_attribution_is_cut()
    {
        var text = "好的，我同意。\n\nChildForum <forum@childforum.test> 于2026年12月7日周一 10:15写道：\n\n> 李伟回复了您的消息\n";
        Assert.Equal("好的，我同意。", ReplyText.Cut(text));
    }

    [Fact]
    public void Apple_Mail_on_an_iPhone_loses_its_sent_from_line_and_the_quote()
    {
        var text = "Sounds good, see you there.\n\nSent from my iPhone\n\n> On 7 Dec 2026, at 10:15, ChildForum <forum@childforum.test> wrote:\n> \n> Meeting moved\n";
        Assert.Equal("Sounds good, see you there.", ReplyText.Cut(text));
    }

    [Fact]
    public void Chinese_Apple_Mail_attribution_is_cut()
    {
        var text = "收到。\n\n发自我的iPhone\n\n> 在 2026年12月7日，上午10:15，ChildForum <forum@childforum.test> 写道：\n>\n> 会议改期\n";
        Assert.Equal("收到。", ReplyText.Cut(text));
    }

    [Fact]
    public void Outlook_header_block_is_cut_and_a_sign_off_without_separator_stays()
    {
        var text = """
            We will bring the data.

            Best regards,
            Zhang San

            From: ChildForum <forum@childforum.test>
            Sent: Monday, December 7, 2026 10:15 AM
            To: Zhang San <zhang@example.org>
            Subject: Li Wei answered you: Summer camps

            Li Wei answered your message.
            """;
        Assert.Equal("We will bring the data.\n\nBest regards,\nZhang San", ReplyText.Cut(text));
    }

    [Fact]
    public void Outlook_original_message_separator_is_cut()
    {
        var text = "Agreed.\r\n\r\n-----Original Message-----\r\nFrom: ChildForum <forum@childforum.test>\r\nSent: 7 December 2026 10:15\r\n";
        Assert.Equal("Agreed.", ReplyText.Cut(text));
    }

    [Fact]
    public void Chinese_Outlook_header_block_is_cut()
    {
        var text = "我们会带上数据。\n\n发件人: ChildForum <forum@childforum.test>\n发送时间: 2026年12月7日 10:15\n收件人: 张三 <zhang@example.org>\n主题: 李伟回复了您：夏令营\n";
        Assert.Equal("我们会带上数据。", ReplyText.Cut(text));
    }

    [Fact]
    public void QQ_Mail_original_mail_block_is_cut()
    {
        var text = "收到，谢谢。\n\n\n\n------------------\u00a0原始邮件\u00a0------------------\n发件人: \"ChildForum\" <forum@childforum.test>;\n发送时间: 2026年12月7日(星期一) 上午10:15\n收件人: \"张三\"<zhang@example.org>;\n主题: 李伟回复了您：夏令营\n";
        Assert.Equal("收到，谢谢。", ReplyText.Cut(text));
    }

    [Fact]
    public void Foxmail_address_signature_and_header_block_are_cut()
    {
        var text = "好的，周五前提交。\n\u00a0\n\u00a0\nzhang@example.org\n\u00a0\n发件人： ChildForum\n发送时间： 2026-12-07 10:15\n收件人： 张三\n主题： 李伟回复了您：夏令营\n";
        Assert.Equal("好的，周五前提交。", ReplyText.Cut(text));
    }

    [Fact]
    public void Signature_after_the_dash_dash_space_line_is_cut()
    {
        var text = "See the attached figures on the site.\n\n-- \nZhang San\nChild Rights Centre\n+86 138 0013 8000\n";
        Assert.Equal("See the attached figures on the site.", ReplyText.Cut(text));
    }

    [Fact]
    public void Interleaved_answers_keep_the_answers_and_drop_the_quoted_lines()
    {
        var text = "> Could you share the numbers?\nYes: 42 camps.\n> And the dates?\nJuly and August.\n";
        Assert.Equal("Yes: 42 camps.\nJuly and August.", ReplyText.Cut(text));
    }

    [Fact]
    public void A_reply_that_is_only_a_quote_leaves_nothing()
    {
        Assert.Equal("", ReplyText.Cut("\n\nOn Mon, Dec 7, 2026 at 10:15 AM ChildForum <forum@childforum.test> wrote:\n> Hello\n"));
    }

    [Fact]
    public void An_html_only_Gmail_reply_is_read_without_its_quote()
    {
        var message = new MimeMessage
        {
            Body = new TextPart(TextFormat.Html)
            {
                Text = """
                    <div dir="ltr">Thanks, posted from <b>HTML</b>.<br><br>Second   paragraph.</div><br>
                    <div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, Dec 7, 2026 at 10:15 AM ChildForum &lt;forum@childforum.test&gt; wrote:<br></div>
                    <blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex">Could you share the numbers?</blockquote></div>
                    """,
            },
        };
        Assert.Equal("Thanks, posted from HTML.\n\nSecond paragraph.", ReplyText.Extract(message));
    }

    [Fact]
    public void The_plain_text_part_is_preferred_to_the_html_part()
    {
        var message = new MimeMessage
        {
            Body = new MultipartAlternative
            {
                new TextPart(TextFormat.Plain) { Text = "Plain words.\n\nOn Mon, Dec 7, 2026 at 10:15 AM ChildForum <forum@childforum.test> wrote:\n> x\n" },
                new TextPart(TextFormat.Html) { Text = "<p>Html words.</p>" },
            },
        };
        Assert.Equal("Plain words.", ReplyText.Extract(message));
    }
}
