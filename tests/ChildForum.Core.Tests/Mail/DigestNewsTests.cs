using ChildForum.Core.Mail;

namespace ChildForum.Core.Tests.Mail;

public sealed class DigestNewsTests
{
    private static readonly DateTime Since = new(2026, 12, 5, 23, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Until = Since.AddDays(1);

    [Fact]
    public async Task A_source_loads_the_batchs_expected_groups_with_its_first_question_and_never_again()
    {
        var news = new DigestNews();
        news.Expect([1, 2, 3]);
        var loads = new List<IReadOnlyList<int>>();

        var first = await news.GroupsAsync("threads", Since, Until, [2], Load(loads), n => n.GroupId);
        var second = await news.GroupsAsync("threads", Since, Until, [1, 3], Load(loads), n => n.GroupId);

        Assert.Equal([2], first.Select(n => n.GroupId));
        Assert.Equal([1, 3], second.Select(n => n.GroupId));
        Assert.Equal([2, 1, 3], Assert.Single(loads));
    }

    [Fact]
    public async Task Another_source_another_period_or_an_unexpected_group_is_asked_for()
    {
        var news = new DigestNews();
        news.Expect([1]);
        var loads = new List<IReadOnlyList<int>>();

        await news.GroupsAsync("threads", Since, Until, [1], Load(loads), n => n.GroupId);
        await news.GroupsAsync("drafts", Since, Until, [1], Load(loads), n => n.GroupId);
        await news.GroupsAsync("threads", Since.AddHours(1), Until, [1], Load(loads), n => n.GroupId);
        await news.GroupsAsync("threads", Since, Until, [1, 7], Load(loads), n => n.GroupId);

        Assert.Equal([[1], [1], [1], [7]], loads.Select(l => l.ToArray()));
    }

    [Fact]
    public async Task Digests_composed_at_once_wait_for_one_load()
    {
        var news = new DigestNews();
        var loads = 0;
        var release = new TaskCompletionSource();
        async Task<IReadOnlyList<GroupNews>> Slow(IReadOnlyList<int> ids)
        {
            Interlocked.Increment(ref loads);
            await release.Task;
            return ids.Select(id => new GroupNews(id)).ToList();
        }

        var all = Enumerable.Range(0, 4).Select(_ => news.GroupsAsync("threads", Since, Until, [5], Slow, n => n.GroupId)).ToList();
        release.SetResult();
        var results = await Task.WhenAll(all);

        Assert.Equal(1, loads);
        Assert.All(results, r => Assert.Same(results[0][0], Assert.Single(r)));
    }

    private static Func<IReadOnlyList<int>, Task<IReadOnlyList<GroupNews>>> Load(List<IReadOnlyList<int>> loads) => ids =>
    {
        loads.Add(ids);
        return Task.FromResult<IReadOnlyList<GroupNews>>(ids.Select(id => new GroupNews(id)).ToList());
    };

    private sealed record GroupNews(int GroupId);
}
