using System.Globalization;
using System.Runtime.CompilerServices;
using ChildForum.Core.Data;
using ChildForum.Core.Organisations;
using ChildForum.Core.Search;
using ChildForum.Discussions.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Discussions.Services;

/// <summary>Threads for search: parent <c>thread:{id}</c>, its title with the opening message.</summary>
public sealed class ThreadSearchSource(ForumDbContext db) : ISearchSource
{
    public string Kind => "thread";

    public static string Parent(int threadId) => "thread:" + threadId.ToString(CultureInfo.InvariantCulture);

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<SearchDocument>>> LoadAsync(IReadOnlyList<string> parents, CancellationToken cancellationToken)
    {
        var ids = parents.Select(p => int.TryParse(p.Split(':')[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0).ToList();
        var rows = await (from t in db.Set<DiscussionThread>()
                          join m in db.Set<Message>() on t.Id equals m.ThreadId
                          join u in db.Users on t.CreatedById equals u.Id
                          join o in db.Organisations on u.OrganisationId equals o.Id
                          where ids.Contains(t.Id) && m.Seq == 1
                          select new { t.Id, t.GroupId, t.Title, t.CreatedAt, m.Body, m.Deleted, m.Hidden, o.StakeholderType }).ToListAsync(cancellationToken);
        var result = parents.ToDictionary(p => p, _ => (IReadOnlyList<SearchDocument>)[]);
        foreach (var row in rows)
        {
            var body = row.Deleted || row.Hidden ? "" : row.Body;
            result[Parent(row.Id)] =
            [
                new SearchDocument(Parent(row.Id), Parent(row.Id), SearchTypes.Thread, row.Id.ToString(CultureInfo.InvariantCulture), row.GroupId, row.Title, body,
                    $"/groups/{{group}}/threads/{row.Id}", new DateTimeOffset(DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc)), Languages.Detect(row.Title + body), [row.StakeholderType.ToWire()]),
            ];
        }
        return result;
    }

    public async IAsyncEnumerable<string> AllParentsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var id in db.Set<DiscussionThread>().Select(t => t.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return Parent(id);
        }
    }
}

/// <summary>Messages for search: parent <c>message:{threadId}:{seq}</c> (known inside the posting transaction,
/// before the message has an id). Deleted and hidden messages have no documents.</summary>
public sealed class MessageSearchSource(ForumDbContext db) : ISearchSource
{
    public string Kind => "message";

    public static string Parent(int threadId, int seq) => string.Create(CultureInfo.InvariantCulture, $"message:{threadId}:{seq}");

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<SearchDocument>>> LoadAsync(IReadOnlyList<string> parents, CancellationToken cancellationToken)
    {
        var result = parents.ToDictionary(p => p, _ => (IReadOnlyList<SearchDocument>)[]);
        var keys = parents.Select(p => p.Split(':')).Where(p => p.Length == 3 && int.TryParse(p[1], CultureInfo.InvariantCulture, out _) && int.TryParse(p[2], CultureInfo.InvariantCulture, out _))
            .Select(p => (Thread: int.Parse(p[1], CultureInfo.InvariantCulture), Seq: int.Parse(p[2], CultureInfo.InvariantCulture))).ToList();
        foreach (var byThread in keys.GroupBy(k => k.Thread))
        {
            var seqs = byThread.Select(k => k.Seq).ToList();
            var rows = await (from m in db.Set<Message>()
                              join t in db.Set<DiscussionThread>() on m.ThreadId equals t.Id
                              join u in db.Users on m.AuthorId equals u.Id
                              join o in db.Organisations on u.OrganisationId equals o.Id
                              where m.ThreadId == byThread.Key && seqs.Contains(m.Seq) && !m.Deleted && !m.Hidden
                              select new { m.Id, m.ThreadId, m.Seq, m.Body, m.CreatedAt, t.GroupId, t.Title, o.StakeholderType }).ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                var parent = Parent(row.ThreadId, row.Seq);
                result[parent] =
                [
                    new SearchDocument(parent, parent, SearchTypes.Message, row.Id.ToString(CultureInfo.InvariantCulture), row.GroupId, row.Title, row.Body,
                        $"/groups/{{group}}/threads/{row.ThreadId}#m{row.Seq}", new DateTimeOffset(DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc)), Languages.Detect(row.Body), [row.StakeholderType.ToWire()]),
                ];
            }
        }
        return result;
    }

    public async IAsyncEnumerable<string> AllParentsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var m in db.Set<Message>().Where(m => !m.Deleted && !m.Hidden).Select(m => new { m.ThreadId, m.Seq }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return Parent(m.ThreadId, m.Seq);
        }
    }
}
