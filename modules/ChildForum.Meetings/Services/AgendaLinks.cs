using ChildForum.Core.Content;
using ChildForum.Core.Security;

namespace ChildForum.Meetings.Services;

/// <summary>An agenda item's link to other modules' content (a policy draft, a thread) goes through
/// <see cref="IGroupContent"/>: this module does not reference the others, and a link to a kind no module provides
/// cannot be valid.</summary>
public sealed class AgendaLinks(IEnumerable<IGroupContent> content)
{
    internal async Task<bool> ExistsInGroupAsync(string kind, int id, int groupId, CancellationToken cancellationToken) =>
        content.FirstOrDefault(c => c.Kind == kind) is { } provider && await provider.TitleAsync(id, groupId, cancellationToken) is not null;

    /// <summary>Title and page of linked content, for the agenda.</summary>
    public async Task<(string Title, string Url)?> LinkAsync(string kind, int id, GroupAccess group, CancellationToken cancellationToken) =>
        content.FirstOrDefault(c => c.Kind == kind) is { } provider && await provider.TitleAsync(id, group.GroupId, cancellationToken) is { } title
            ? (title, provider.Url(group.Slug, id))
            : null;
}
