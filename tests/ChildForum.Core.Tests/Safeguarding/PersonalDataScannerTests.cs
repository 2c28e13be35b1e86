using ChildForum.Core.Safeguarding;
using ChildForum.Testing;

namespace ChildForum.Core.Tests.Safeguarding;

/// <summary>The safeguarding scanner as a unit: which ID numbers, phone numbers and e-mail addresses it finds.</summary>
public sealed class PersonalDataScannerTests
{
    // First 17 digits → (birth date valid?). The 18th character is computed by IdNumbers, not copied from the product.
    public static TheoryData<string, string> ValidIdNumbers => new()
    {
        { "11010519491231002X", "the example: check character X" },
        { "440305200002291232", "born on 29 February of a leap year" },
        { "110105199003071239", "born 1990-03-07" },
        { "510108201212120010", "check character 0" },
        { "320502199912315677", "born on the last day of a century" },
    };

    public static TheoryData<string, string> NotIdNumbers => new()
    {
        { IdNumbers.WithWrongCheck("11010519491231002"), "the check character does not fit" },
        { IdNumbers.WithWrongCheck("44030520000229123"), "the check character does not fit" },
        { "110105199902301237", "30 February (the check character fits)" },
        { "110105199913011235", "month 13 (the check character fits)" },
        { "11010519491231002", "17 characters" },
        { "11010519491231002X1", "19 characters" },
        { "A11010519491231002X", "glued to a letter in front" },
    };

    [Fact]
    public void The_tables_check_characters_are_the_ones_this_test_computes()
    {
        foreach (var id in ValidIdNumbers.Select(row => (string)row[0]))
        {
            Assert.Equal(IdNumbers.WithCheck(id[..17]), id);
        }
        Assert.Equal(IdNumbers.Valid, IdNumbers.WithCheck("11010519491231002"));
        Assert.Equal("110105199902301237", IdNumbers.WithCheck("11010519990230123"));
        Assert.Equal("110105199913011235", IdNumbers.WithCheck("11010519991301123"));
    }

    [Theory]
    [MemberData(nameof(ValidIdNumbers))]
    public void Valid_id_number_is_found(string id, string why)
    {
        Assert.True(PersonalDataScanner.IsValidIdNumber(id), why);
        Assert.Equal([id], PersonalDataScanner.Scan($"Her ID is {id}, please check.").IdNumbers);
    }

    [Theory]
    [MemberData(nameof(NotIdNumbers))]
    public void Text_that_is_not_a_valid_id_number_is_not_taken_for_one(string text, string why)
    {
        Assert.False(PersonalDataScanner.Scan($"Reference {text} in the register.").HasIdNumber, why);
    }

    [Theory]
    [InlineData("身份证号11010519491231002X。")]
    [InlineData("ID 11010519491231002x")]
    [InlineData("ID 110105 19491231 002X")]
    [InlineData("ID 110105-19491231-002X")]
    [InlineData("ID 1101 0519 4912 3100 2X")]
    [InlineData("ID 110105\u00A019491231\u00A0002X")]
    public void Id_number_written_with_spaces_hyphens_lower_case_x_or_inside_chinese_text_is_found(string text)
    {
        Assert.Equal([IdNumbers.Valid], PersonalDataScanner.Scan(text).IdNumbers);
    }

    [Fact]
    public void Id_number_in_full_width_digits_is_found()
    {
        var text = "身份证：" + IdNumbers.FullWidth(IdNumbers.Valid);
        Assert.Equal("身份证：１１０１０５１９４９１２３１００２Ｘ", text);

        Assert.Equal([IdNumbers.Valid], PersonalDataScanner.Scan(text).IdNumbers);
    }

    [Fact]
    public void Id_number_with_full_width_spaces_is_found()
    {
        Assert.Equal([IdNumbers.Valid], PersonalDataScanner.Scan("110105\u300019491231\u3000002X").IdNumbers);
    }

    [Theory]
    [InlineData("Call 138 1234 5678 after six.", "13812345678")]
    [InlineData("Call +86 13812345678.", "13812345678")]
    [InlineData("Call +8613812345678.", "13812345678")]
    [InlineData("Call 138-1234-5678.", "13812345678")]
    [InlineData("电话：13912345678", "13912345678")]
    [InlineData("Call １３８１２３４５６７８.", "13812345678")]
    public void Mainland_mobile_number_needs_confirmation(string text, string number)
    {
        var findings = PersonalDataScanner.Scan(text);

        Assert.Equal([number], findings.PhoneNumbers);
        Assert.True(findings.NeedsConfirmation);
        Assert.False(findings.HasIdNumber);
    }

    [Theory]
    [InlineData("Call 12812345678.")]
    [InlineData("Call 1381234567.")]
    [InlineData("Order 201381234567890.")]
    [InlineData("The budget is 1,380,000 yuan for 2026.")]
    [InlineData("Meet at 10:30 in room 138.")]
    public void Numbers_that_are_not_mainland_mobiles_need_no_confirmation(string text)
    {
        Assert.False(PersonalDataScanner.Scan(text).NeedsConfirmation, text);
    }

    [Theory]
    [InlineData("Write to zhang.min@example.org.", "zhang.min@example.org")]
    [InlineData("Write to li+groups@mail.example.cn", "li+groups@mail.example.cn")]
    [InlineData("邮箱：wang_jun@example.com。", "wang_jun@example.com")]
    public void E_mail_address_needs_confirmation(string text, string address)
    {
        var findings = PersonalDataScanner.Scan(text);

        Assert.Equal([address], findings.EmailAddresses);
        Assert.True(findings.NeedsConfirmation);
    }

    [Theory]
    [InlineData("Thanks @Zhang Min for the notes.")]
    [InlineData("See the @-mention feature.")]
    [InlineData("An ordinary sentence about left-behind children.")]
    public void Mentions_and_ordinary_text_need_no_confirmation(string text)
    {
        var findings = PersonalDataScanner.Scan(text);

        Assert.False(findings.NeedsConfirmation || findings.HasIdNumber, text);
    }

    [Theory]
    [InlineData(IdNumbers.Valid, "…002X")]
    [InlineData("13812345678", "…5678")]
    [InlineData("abc", "abc")]
    public void Mask_shows_only_the_last_four_characters(string value, string masked)
    {
        Assert.Equal(masked, PersonalDataScanner.Mask(value));
    }
}
