namespace ChildForum.Core.Organisations;

/// <summary>An organisation taking part in the forum. Every user belongs to exactly one.</summary>
public sealed class Organisation
{
    public const int NameMaxLength = 200;

    public int Id { get; set; }
    public required string Name { get; set; }
    public StakeholderType StakeholderType { get; set; }
    public DateTime CreatedAt { get; set; }
}
