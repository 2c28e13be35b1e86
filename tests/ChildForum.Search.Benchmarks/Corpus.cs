using System.Globalization;
using System.Text;
using ChildForum.Core.Search;

namespace ChildForum.Search.Benchmarks;

/// <summary>A deterministic corpus of minutes-like documents about child protection, about 2 KB of UTF-8 each,
/// 60% English and 40% Chinese, each language sprinkled with the other's terms. Document <c>i</c> depends only on
/// the seed and <c>i</c>, so the corpus is generated twice (for Lucene and for PostgreSQL) without being held in memory.</summary>
public sealed class Corpus(int count, int seed = 20261123)
{
    public const int Groups = 20;
    public const int TargetBytes = 2_000;

    public int Count { get; } = count;

    private static readonly DateTimeOffset Start = new(2019, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly int Days = (int)(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero) - Start).TotalDays;
    private static readonly string[] Stakeholders = ["cso", "university", "business", "government"];

    /// <summary>Minutes mostly, and the other kinds the site indexes.</summary>
    private static readonly (string Type, int Weight)[] Types =
        [(SearchTypes.Minutes, 50), (SearchTypes.Meeting, 15), (SearchTypes.Draft, 15), (SearchTypes.Thread, 10), (SearchTypes.Message, 10)];

    public SearchDocument Document(int i)
    {
        var random = new Random(unchecked(seed * 1_000_003 + i));
        var type = Pick(random, Types);
        var group = 1 + random.Next(Groups);
        var date = Start.AddDays(random.Next(Days)).AddMinutes(random.Next(24 * 60));
        var chinese = random.NextDouble() < 0.4;
        var stakeholders = Stakeholders.Where(_ => random.NextDouble() < 0.35).ToList();
        if (stakeholders.Count == 0)
        {
            stakeholders.Add(Stakeholders[random.Next(Stakeholders.Length)]);
        }
        // Unpublished agendas: only the group's facilitators see them.
        var audience = type == SearchTypes.Meeting && random.NextDouble() < 0.3 ? SearchAudiences.Facilitators : SearchAudiences.Readers;
        var place = Skewed(random, chinese ? PlacesZh : PlacesEn);
        var title = chinese
            ? $"{Skewed(random, TopicsZh)}（{place}）第{random.Next(1, 60)}次会议纪要"
            : $"Minutes: {Skewed(random, TopicsEn)} in {place}, meeting {random.Next(1, 60)}";
        var body = new StringBuilder(2_400);
        var bytes = 0;
        var target = TargetBytes - 200 + random.Next(400);
        while (bytes < target)
        {
            var sentence = chinese ? SentenceZh(random) : SentenceEn(random);
            body.Append(sentence);
            bytes += Encoding.UTF8.GetByteCount(sentence);
            if (random.NextDouble() < 0.15)
            {
                body.Append('\n');
                bytes++;
            }
        }
        var parent = $"{type}:{i}";
        return new SearchDocument(
            Key: parent + ":1", Parent: parent, Type: type, Id: i.ToString(CultureInfo.InvariantCulture), GroupId: group,
            Title: title, Body: body.ToString(), Url: $"/g/{group}/{type}/{i}", Date: date,
            Language: chinese ? "zh-Hans" : "en", Stakeholders: stakeholders, Audience: audience);
    }

    public IEnumerable<SearchDocument> All()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return Document(i);
        }
    }

    private static string SentenceEn(Random r)
    {
        var s = new StringBuilder();
        s.Append(Skewed(r, SubjectsEn)).Append(' ').Append(Skewed(r, VerbsEn)).Append(' ').Append(Skewed(r, ObjectsEn));
        if (r.NextDouble() < 0.5)
        {
            s.Append(' ').Append(Skewed(r, ModifiersEn));
        }
        if (r.NextDouble() < 0.3)
        {
            s.Append(" in ").Append(Skewed(r, PlacesEn));
        }
        if (r.NextDouble() < 0.12)
        {
            s.Append(" (").Append(Skewed(r, TermsZh)).Append(')');
        }
        if (r.NextDouble() < 0.25)
        {
            s.Append(", and ").Append(Skewed(r, ClausesEn));
        }
        s.Append(". ");
        s[0] = char.ToUpperInvariant(s[0]);
        return s.ToString();
    }

    private static string SentenceZh(Random r)
    {
        var s = new StringBuilder();
        if (r.NextDouble() < 0.3)
        {
            s.Append('在').Append(Skewed(r, PlacesZh)).Append('，');
        }
        s.Append(Skewed(r, SubjectsZh)).Append(Skewed(r, VerbsZh)).Append(Skewed(r, ObjectsZh));
        if (r.NextDouble() < 0.1)
        {
            s.Append('（').Append(Skewed(r, TermsEn)).Append('）');
        }
        if (r.NextDouble() < 0.3)
        {
            s.Append('，').Append(Skewed(r, ClausesZh));
        }
        s.Append('。');
        return s.ToString();
    }

    /// <summary>Earlier entries are more frequent (about a square-law skew), so terms range from common to rare.</summary>
    private static string Skewed(Random r, string[] words)
    {
        var x = r.NextDouble();
        return words[(int)(x * x * words.Length)];
    }

    private static string Pick(Random r, (string Value, int Weight)[] weighted)
    {
        var n = r.Next(weighted.Sum(w => w.Weight));
        foreach (var (value, weight) in weighted)
        {
            if ((n -= weight) < 0)
            {
                return value;
            }
        }
        return weighted[^1].Value;
    }

    private static readonly string[] TopicsEn =
    [
        "left-behind children", "boarding schools", "village child directors", "referral pathways", "caregiver training",
        "case management", "school dropout", "child protection policy", "mental health support", "nutrition programme",
        "disability inclusion", "online safety", "violence prevention", "birth registration", "foster care",
    ];

    private static readonly string[] TopicsZh =
    [
        "留守儿童关爱", "寄宿制学校管理", "村儿童主任工作", "转介机制", "监护人培训", "个案管理", "控辍保学", "儿童保护政策",
        "心理健康支持", "营养改善计划", "残疾儿童融合教育", "网络安全", "预防暴力", "出生登记", "家庭寄养",
    ];

    private static readonly string[] PlacesEn =
    [
        "Yunnan", "Guizhou", "Sichuan", "Gansu", "Hunan", "Guangxi", "Jiangxi", "Qinghai", "Anhui", "Henan", "Shaanxi", "Ningxia",
    ];

    private static readonly string[] PlacesZh =
    [
        "云南", "贵州", "四川", "甘肃", "湖南", "广西", "江西", "青海", "安徽", "河南", "陕西", "宁夏",
    ];

    private static readonly string[] SubjectsEn =
    [
        "the village child director", "the county civil affairs bureau", "the school principal", "the social worker",
        "the women's federation", "the township government", "a volunteer", "the research team", "a parent representative",
        "the education bureau", "the boarding school teacher", "the health clinic", "the working group", "the facilitator",
        "the child protection officer", "the NGO partner", "the police station", "the youth league",
    ];

    private static readonly string[] VerbsEn =
    [
        "reported on", "discussed", "proposed", "reviewed", "followed up on", "agreed to strengthen", "presented", "evaluated",
        "organised", "coordinated", "raised concerns about", "requested funding for", "documented", "piloted", "monitored",
    ];

    private static readonly string[] ObjectsEn =
    [
        "home visits to left-behind children", "the referral of children at risk", "caregiver training sessions",
        "psychological support in boarding schools", "the case management records", "school dropout prevention",
        "the nutrition programme for boarding students", "the child protection policy draft", "guardian responsibilities",
        "the training curriculum for village child directors", "mental health screening", "the emergency referral hotline",
        "safety education classes", "the budget for the children's home", "peer support groups", "reporting of abuse",
        "the dormitory supervision rota", "online safety lessons", "inclusive education for children with disabilities",
        "family reunification visits", "birth registration drives", "the annual monitoring report", "foster care placements",
        "the complaints mechanism", "sexual abuse prevention", "the vaccination campaign", "the migrant parents' hotline",
    ];

    private static readonly string[] ModifiersEn =
    [
        "for the coming semester", "with the county hospital", "across all townships", "before the winter holidays",
        "with support from UNICEF", "under the new guidelines", "for children under six", "in remote villages",
        "with the help of volunteers", "following last month's incident", "as agreed at the previous meeting",
        "through the online platform", "for girls in boarding schools", "with a closed case review",
    ];

    private static readonly string[] ClausesEn =
    [
        "the minutes were approved", "a follow-up meeting was scheduled", "the budget was questioned",
        "participants asked for more data", "the training will be repeated", "the case was closed",
        "the referral was escalated to the county", "two schools volunteered to pilot it", "the proposal was deferred",
        "the group thanked the facilitator", "the draft will be circulated online",
    ];

    private static readonly string[] TermsZh =
    [
        "留守儿童", "寄宿制学校", "村儿童主任", "转介", "培训", "个案管理", "心理健康", "监护人", "家访", "控辍保学", "儿童之家", "困境儿童",
    ];

    private static readonly string[] TermsEn =
    [
        "UNICEF", "NGO", "case management", "referral", "training", "boarding school", "left-behind children", "child protection",
    ];

    private static readonly string[] SubjectsZh =
    [
        "村儿童主任", "县民政局", "校长", "社工", "妇联工作人员", "乡镇政府", "志愿者", "研究团队", "家长代表", "教育局",
        "寄宿制学校老师", "卫生院", "工作组", "主持人", "儿童保护专干", "合作机构", "派出所", "团委",
    ];

    private static readonly string[] VerbsZh =
    [
        "汇报了", "讨论了", "提出了", "审议了", "跟进了", "同意加强", "介绍了", "评估了", "组织了", "协调了", "关注", "申请经费用于",
        "记录了", "试点了", "监测了",
    ];

    private static readonly string[] ObjectsZh =
    [
        "留守儿童的家访情况", "高风险儿童的转介", "监护人培训课程", "寄宿制学校的心理支持", "个案管理记录", "控辍保学工作",
        "寄宿生营养餐计划", "儿童保护政策草案", "监护责任落实", "村儿童主任培训课程", "心理健康筛查", "紧急转介热线",
        "安全教育课", "儿童之家的经费预算", "同伴互助小组", "虐待事件报告", "宿舍管理值班表", "网络安全课程", "残疾儿童融合教育",
        "亲子团聚探访", "出生登记工作", "年度监测报告", "家庭寄养安置", "投诉机制", "预防性侵教育", "疫苗接种活动", "外出务工家长热线",
    ];

    private static readonly string[] ClausesZh =
    [
        "会议纪要获得通过", "下次会议已安排", "预算受到质疑", "与会者要求提供更多数据", "培训将再次举办", "该个案已结案",
        "转介已上报县里", "两所学校自愿参与试点", "提案暂缓", "小组感谢主持人", "草案将在线上传阅",
    ];
}
