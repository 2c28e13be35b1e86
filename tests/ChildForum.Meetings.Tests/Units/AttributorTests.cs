using ChildForum.Meetings.Services;

namespace ChildForum.Meetings.Tests.Units;

/// <summary>Speakers marked <c>@Display Name</c>: under <c>named</c> "**Name** (Organisation)", under <c>chatham-house</c> the
/// stakeholder type; under Chatham House plain-word names of participants and of their organisations are replaced too.</summary>
public sealed class AttributorTests
{
    private const string Named = "named";
    private const string Chatham = "chatham-house";

    private static readonly Participant ZhangMin = new("u-zhang", "Zhang Min", 1, "Sunflower Children's Service Centre", "cso");
    private static readonly Participant WangJun = new("u-wang", "Wang Jun", 2, "Riverside District Civil Affairs Bureau", "government");
    private static readonly Participant ChenYu = new("u-chen", "Dr. Chen Yu", 3, "East Lake Normal University, Child Welfare Research Centre", "university");
    private static readonly Participant LiuFang = new("u-liu", "Liu Fang", 4, "Greenfield Foods Co.", "business");
    private static readonly Participant Facilitator = new("u-facilitator", "Li Wen (facilitator)", 5, "ChildForum Secretariat", "cso");

    /// <summary>A different person whose name is the start of the facilitator's.</summary>
    private static readonly Participant LiWen = new("u-li", "Li Wen", 4, "Greenfield Foods Co.", "business");

    private static Attributor Everyone() => new([ZhangMin, WangJun, ChenYu, LiuFang, Facilitator]);

    [Fact]
    public void Named_mention_becomes_the_bold_name_and_the_organisation()
    {
        var text = Everyone().Apply("@Zhang Min asked for a yearly refresher. @Dr. Chen Yu agreed.", Named, "en");

        Assert.Equal("**Zhang Min** (Sunflower Children's Service Centre) asked for a yearly refresher. **Dr. Chen Yu** (East Lake Normal University, Child Welfare Research Centre) agreed.", text);
    }

    [Fact]
    public void Named_attribution_leaves_plain_names_and_organisations_as_written()
    {
        const string body = "Wang Jun said that Riverside District Civil Affairs Bureau can fund it; Greenfield Foods Co. abstained.";

        Assert.Equal(body, Everyone().Apply(body, Named, "en"));
    }

    [Fact]
    public void Chatham_house_mention_becomes_the_bold_stakeholder_type_of_each_speaker()
    {
        var text = Everyone().Apply("@Zhang Min asked. @Wang Jun answered. @Dr. Chen Yu added. @Liu Fang disagreed.", Chatham, "en");

        Assert.Equal(
            "**a participant from civil society** asked. **a participant from government** answered. **a participant from a university** added. **a participant from business** disagreed.",
            text);
    }

    [Fact]
    public void Chatham_house_replaces_plain_names_and_organisation_names_too()
    {
        var text = Everyone().Apply(
            "Wang Jun said that Riverside District Civil Affairs Bureau can fund it. Dr. Chen Yu of East Lake Normal University, Child Welfare Research Centre agreed with Greenfield Foods Co.",
            Chatham, "en");

        Assert.Equal(
            "a participant from government said that a government department can fund it. a participant from a university of a university agreed with a business",
            text);
    }

    [Fact]
    public void Chatham_house_matches_names_whatever_their_case()
    {
        var text = Everyone().Apply("@zhang min spoke; WANG JUN and sunflower children's service centre listened.", Chatham, "en");

        Assert.Equal("**a participant from civil society** spoke; a participant from government and a civil-society organisation listened.", text);
    }

    [Fact]
    public void Chatham_house_text_keeps_no_participant_name_or_organisation()
    {
        var participants = new[] { ZhangMin, WangJun, ChenYu, LiuFang, Facilitator };
        var body = string.Join("\n\n", participants.Select(p => $"@{p.DisplayName} met {p.DisplayName} of {p.Organisation} ({p.Organisation.ToUpperInvariant()})."));

        var text = new Attributor(participants).Apply(body, Chatham, "en");

        foreach (var p in participants)
        {
            Assert.DoesNotContain(p.DisplayName, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(p.Organisation, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Longest_name_wins_for_mentions()
    {
        var attributor = new Attributor([LiWen, Facilitator]);

        Assert.Equal(
            "**Li Wen (facilitator)** (ChildForum Secretariat) opened; **Li Wen** (Greenfield Foods Co.) replied.",
            attributor.Apply("@Li Wen (facilitator) opened; @Li Wen replied.", Named, "en"));
        Assert.Equal(
            "**a participant from civil society** opened; **a participant from business** replied.",
            attributor.Apply("@Li Wen (facilitator) opened; @Li Wen replied.", Chatham, "en"));
    }

    [Fact]
    public void Longest_name_wins_for_plain_names_under_chatham_house()
    {
        var attributor = new Attributor([LiWen, Facilitator]);

        Assert.Equal(
            "a participant from civil society opened; a participant from business replied.",
            attributor.Apply("Li Wen (facilitator) opened; Li Wen replied.", Chatham, "en"));
    }

    [Fact]
    public void Organisation_name_longer_than_a_person_s_name_inside_it_wins()
    {
        var person = new Participant("u-sun", "Sunflower", 9, "Hillside Parents' Association", "cso");
        var attributor = new Attributor([ZhangMin, person]);

        Assert.Equal("a civil-society organisation and a participant from civil society", attributor.Apply("Sunflower Children's Service Centre and Sunflower", Chatham, "en"));
    }

    [Fact]
    public void Warnings_list_each_plain_name_and_organisation_once_in_order_and_no_mention()
    {
        var warnings = Everyone().Warnings(
            "@Zhang Min said that Wang Jun and Riverside District Civil Affairs Bureau agree; wang jun said it again. @Liu Fang nodded.");

        Assert.Equal(["Wang Jun", "Riverside District Civil Affairs Bureau"], warnings);
    }

    [Fact]
    public void No_warnings_when_every_speaker_is_mentioned()
    {
        Assert.Empty(Everyone().Warnings("@Zhang Min said. @Li Wen (facilitator) closed. @Dr. Chen Yu left."));
    }

    [Fact]
    public void Warnings_name_the_longer_name_not_a_shorter_one_inside_it()
    {
        var warnings = new Attributor([LiWen, Facilitator]).Warnings("Li Wen (facilitator) opened.");

        Assert.Equal(["Li Wen (facilitator)"], warnings);
    }

    [Fact]
    public void Chinese_labels_when_the_language_is_zh_hans()
    {
        var text = Everyone().Apply("@Zhang Min 指出需要培训。@Wang Jun 表示支持。Dr. Chen Yu 和 Greenfield Foods Co. 同意。@Dr. Chen Yu 补充。", Chatham, "zh-Hans");

        Assert.Equal("**一位社会组织代表** 指出需要培训。**一位政府部门代表** 表示支持。一位高校代表 和 一家企业 同意。**一位高校代表** 补充。", text);
    }

    [Theory]
    [InlineData("cso", "一位社会组织代表", "一家社会组织", "a participant from civil society", "a civil-society organisation")]
    [InlineData("university", "一位高校代表", "一所高校", "a participant from a university", "a university")]
    [InlineData("business", "一位企业代表", "一家企业", "a participant from business", "a business")]
    [InlineData("government", "一位政府部门代表", "一个政府部门", "a participant from government", "a government department")]
    public void Labels_for_each_stakeholder_type(string type, string personZh, string organisationZh, string personEn, string organisationEn)
    {
        Assert.Equal((personZh, organisationZh), (Attributor.PersonLabel(type, "zh-Hans"), Attributor.OrganisationLabel(type, "zh-Hans")));
        Assert.Equal((personEn, organisationEn), (Attributor.PersonLabel(type, "en"), Attributor.OrganisationLabel(type, "en")));
    }

    [Theory]
    [InlineData("会议决定起草建议。", "zh-Hans")]
    [InlineData("@Zhang Min 指出", "zh-Hans")]
    [InlineData("The group agreed.", "en")]
    [InlineData("", "en")]
    public void Language_is_chinese_when_the_text_has_chinese_characters(string text, string language) =>
        Assert.Equal(language, Attributor.DetectLanguage(text));

    [Fact]
    public void Names_shorter_than_2_characters_are_ignored()
    {
        var attributor = new Attributor([new Participant("u-x", "X", 1, "Sunflower Children's Service Centre", "cso"), new Participant("u-y", " Y ", 2, "Greenfield Foods Co.", "business"), WangJun]);

        Assert.Equal("@X and X met Xavier; Y said yes. **a participant from government**", attributor.Apply("@X and X met Xavier; Y said yes. @Wang Jun", Chatham, "en"));
        Assert.Equal("@X and X met Xavier; Y said yes.", attributor.Apply("@X and X met Xavier; Y said yes.", Named, "en"));
        Assert.Empty(attributor.Warnings("X met Y and Xavier."));
        Assert.Equal(["u-wang"], attributor.Participants.Select(p => p.UserId));
    }

    /// <summary>Ignoring a one-letter display name must not also stop protecting the organisation that person is in.</summary>
    [Fact]
    public void Organisation_of_a_participant_with_a_one_letter_name_is_still_replaced_under_chatham_house()
    {
        var attributor = new Attributor([new Participant("u-x", "X", 1, "Hillside Parents' Association", "cso"), WangJun]);

        var text = attributor.Apply("Hillside Parents' Association asked for more time.", Chatham, "en");

        Assert.Equal("a civil-society organisation asked for more time.", text);
    }

    [Fact]
    public void Anonymise_replaces_mentions_and_plain_names_without_adding_markdown()
    {
        var text = Everyone().Anonymise("Report by @Zhang Min and Wang Jun for Greenfield Foods Co.", "en");

        Assert.Equal("Report by a participant from civil society and a participant from government for a business", text);
    }

    [Fact]
    public void Without_participants_text_is_unchanged()
    {
        var attributor = new Attributor([]);

        Assert.Equal("@Zhang Min said.", attributor.Apply("@Zhang Min said.", Chatham, "en"));
        Assert.Empty(attributor.Warnings("Zhang Min said."));
    }

    [Fact]
    public void Regex_characters_in_names_are_taken_literally()
    {
        var odd = new Participant("u-odd", "A.B (C)*", 7, "Org [1]+", "business");
        var attributor = new Attributor([odd, ZhangMin]);

        Assert.Equal("**a participant from business** and AxB; a business", attributor.Apply("@A.B (C)* and AxB; Org [1]+", Chatham, "en"));
    }
}
