namespace ChildForum.Core.Mail;

/// <summary>The news of groups over a digest period, shared by the digests that one sender batch composes. The news of a
/// group in a period is the same for each of its readers, so a batch asks the database once per source for all the groups
/// its digests cover (<see cref="Expect"/>) instead of once per person; each person's own filter (not their own messages,
/// their own actions, what they may read) is applied to it afterwards, in memory. A batch is composed in well under a
/// second, so the news is as fresh as that of a digest composed alone; outside a batch (a test, a preview) every digest
/// has a <see cref="DigestNews"/> of its own.</summary>
public sealed class DigestNews
{
    private readonly Dictionary<(string Source, int GroupId, DateTime Since, DateTime Until), object> loaded = [];
    private readonly SemaphoreSlim gate = new(1, 1);
    private IReadOnlyCollection<int> expected = [];

    /// <summary>The groups the batch's digests will ask about: the first digest to ask a source loads them all at once.</summary>
    public void Expect(IReadOnlyCollection<int> groupIds) => expected = groupIds;

    /// <summary>The news of <paramref name="groupIds"/> from <paramref name="source"/>: what this batch already loaded,
    /// and one call of <paramref name="load"/> for the groups it has not (with the other expected groups).</summary>
    /// <param name="load">Loads the news of the given groups: one item per group, for each of them, even when nothing
    /// happened in it (an item with nothing in it), so that a quiet group is not asked again.</param>
    public async Task<IReadOnlyList<T>> GroupsAsync<T>(string source, DateTime since, DateTime until, IEnumerable<int> groupIds,
        Func<IReadOnlyList<int>, Task<IReadOnlyList<T>>> load, Func<T, int> groupOf)
        where T : class
    {
        var wanted = groupIds.Distinct().ToList();
        // One load at a time: the digests composed at once at the start of a batch wait for the first load instead of
        // each asking the same question.
        await gate.WaitAsync();
        try
        {
            var missing = wanted.Where(id => !loaded.ContainsKey((source, id, since, until))).ToList();
            if (missing.Count > 0)
            {
                var toLoad = missing.Concat(expected.Where(id => !loaded.ContainsKey((source, id, since, until)))).Distinct().ToList();
                foreach (var news in await load(toLoad))
                {
                    loaded[(source, groupOf(news), since, until)] = news;
                }
            }
            return wanted.Select(id => loaded.TryGetValue((source, id, since, until), out var news) ? (T)news : null).OfType<T>().ToList();
        }
        finally
        {
            gate.Release();
        }
    }
}
