namespace ChildForum.Core.Data;

public static class QueryLists
{
    /// <summary>The ids as the <see cref="List{T}"/> a compiled query (<see cref="PerModel{T}"/>) takes for its
    /// <c>Contains</c>: the caller's own list when it is one, a copy otherwise.</summary>
    public static List<T> AsQueryList<T>(this IEnumerable<T> items) => items as List<T> ?? [.. items];
}
