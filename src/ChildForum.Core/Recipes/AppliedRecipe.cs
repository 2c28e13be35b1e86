namespace ChildForum.Core.Recipes;

public sealed class AppliedRecipe
{
    public required string Name { get; set; }
    public DateTime AppliedAt { get; set; }
}
