using ChildForum.Core.Organisations;
using Microsoft.AspNetCore.Identity;

namespace ChildForum.Core.Identity;

public sealed class ForumUser : IdentityUser
{
    public const int DisplayNameMaxLength = 100;

    public string DisplayName { get; set; } = "";
    public int OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>True until the person has set a password through their invitation link.</summary>
    public bool InvitationPending { get; set; }
}
