namespace ChildForum.Search.Benchmarks;

/// <summary>The fixed query set, in the site's query syntax (parsed by <c>SearchQueryParser</c> for both backends):
/// English words, two-character Chinese words, phrases, exclusions, OR, one prefix.</summary>
public static class Queries
{
    public static readonly IReadOnlyList<string> All =
    [
        "referral",
        "left-behind children",
        "boarding school",
        "\"village child director\"",
        "training -online",
        "nutrition OR vaccination",
        "\"case management\" -closed",
        "psychological support",
        "Yunnan OR Guizhou",
        "UNICEF hotline",
        "dormitory supervision",
        "\"home visits\" Gansu",
        "protect*",
        "留守",
        "转介",
        "培训",
        "寄宿",
        "监护 -热线",
        "家访 OR 探访",
        "\"留守儿童\" 家访",
        "心理 筛查",
        "儿童主任 培训",
        "预算 青海",
        "寄养 OR 团聚",
    ];
}
