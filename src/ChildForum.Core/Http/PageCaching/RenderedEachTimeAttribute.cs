namespace ChildForum.Core.Http.PageCaching;

/// <summary>Marks a page that is rendered for every request, also for visitors who are not signed in: what it shows
/// changes without a change in the database that the page cache would see (search results follow the search index, which
/// is brought up to date after the database).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class RenderedEachTimeAttribute : Attribute;
