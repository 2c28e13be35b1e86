namespace ChildForum.Core.Search;

/// <summary>The outbox when no search module is installed: changes are not recorded.</summary>
public sealed class NullSearchOutbox : ISearchOutbox
{
    public void Changed(string parent)
    {
    }
}
