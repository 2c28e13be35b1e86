using ChildForum.Core.Security;
using ChildForum.Files.Models;

namespace ChildForum.Files.Services;

/// <summary>The files attached to the items of one page, loaded once per request: a page that shows many items (a
/// thread's messages) asks for all of them first (<see cref="PreloadAsync"/>), and each item's list is then read from
/// here instead of one query per item. Scoped, so nothing outlives the request.</summary>
public sealed class AttachmentLists(DocumentService documents)
{
    private readonly Dictionary<(int GroupId, string Kind), (HashSet<int> Ids, ILookup<int, DocumentDto> Files)> loaded = [];

    /// <summary>Loads the files of these items of one kind, as the caller (<paramref name="group"/>) may read them.</summary>
    public async Task PreloadAsync(GroupAccess group, string kind, IReadOnlyCollection<int> ids, CancellationToken cancellationToken)
    {
        loaded[(group.GroupId, kind)] = (ids.ToHashSet(), await documents.ListAttachedAsync(group, kind, ids, cancellationToken));
    }

    /// <summary>The files of one item: from what was preloaded when it was, else from the database.</summary>
    public async Task<IReadOnlyList<DocumentDto>> ListAsync(GroupAccess group, AttachmentTarget target, CancellationToken cancellationToken) =>
        loaded.TryGetValue((group.GroupId, target.Kind), out var page) && page.Ids.Contains(target.Id)
            ? page.Files[target.Id].ToList()
            : await documents.ListAsync(group, target, cancellationToken);
}
