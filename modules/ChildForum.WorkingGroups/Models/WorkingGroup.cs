using ChildForum.Core.Security;

namespace ChildForum.WorkingGroups.Models;

public sealed class WorkingGroup
{
    public const int NameMaxLength = 200;
    public const int DescriptionMaxLength = 4000;
    public const int SlugMaxLength = 64;

    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public GroupVisibility Visibility { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<Membership> Members { get; set; } = [];
}

public sealed class Membership
{
    public int GroupId { get; set; }
    public WorkingGroup? Group { get; set; }
    public required string UserId { get; set; }
    public GroupRole Role { get; set; }
    public DateTime AddedAt { get; set; }
}
