using ChildForum.Core.Localization;
using System.Net.Mail;
using System.Security.Claims;
using System.Text.RegularExpressions;
using ChildForum.Core.Audit;
using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Identity;
using ChildForum.Core.Organisations;
using ChildForum.Core.Safeguarding;
using ChildForum.Core.Security;
using ChildForum.WorkingGroups.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.WorkingGroups.Services;

/// <summary>Groups and their membership: the one implementation behind the API and the pages.
/// Callers check <see cref="GroupPermissions"/> first; this class checks the rules of the data.</summary>
public sealed partial class WorkingGroupService(
    ForumDbContext db, IAuditLog audit, IUserInvitations invitations, IEnumerable<IGroupMembershipListener> listeners, PersonalDataGuard guard, TimeProvider clock)
{
    public const int EmailMaxLength = 256;

    private readonly ForumDbContext _db = db;
    private readonly IAuditLog _audit = audit;
    private readonly IUserInvitations _invitations = invitations;
    private readonly IEnumerable<IGroupMembershipListener> _listeners = listeners;
    private readonly PersonalDataGuard _guard = guard;
    private readonly TimeProvider _clock = clock;

    private IQueryable<WorkingGroup> Groups => _db.Set<WorkingGroup>();
    private IQueryable<Membership> Memberships => _db.Set<Membership>();

    public async Task<IReadOnlyList<GroupDto>> ToDtosAsync(IReadOnlyList<GroupAccess> groups, CancellationToken cancellationToken)
    {
        var ids = groups.Select(g => g.GroupId).ToList();
        var details = await Groups.Where(g => ids.Contains(g.Id)).Select(g => new { g.Id, g.Description }).ToDictionaryAsync(g => g.Id, g => g.Description, cancellationToken);
        var counts = await (from m in Memberships
                            join u in _db.Users on m.UserId equals u.Id
                            join o in _db.Organisations on u.OrganisationId equals o.Id
                            where ids.Contains(m.GroupId)
                            group m by new { m.GroupId, o.StakeholderType } into g
                            select new { g.Key.GroupId, g.Key.StakeholderType, Count = g.Count() })
                           .ToListAsync(cancellationToken);
        return groups.Select(g =>
        {
            var mine = counts.Where(c => c.GroupId == g.GroupId).ToList();
            var stakeholders = StakeholderTypes.All.ToDictionary(t => t.ToWire(), t => mine.Where(c => c.StakeholderType == t).Sum(c => c.Count));
            return new GroupDto(g.GroupId, g.Slug, g.Name, details.GetValueOrDefault(g.GroupId, ""), g.Visibility, g.Role, stakeholders.Values.Sum(), stakeholders);
        }).ToList();
    }

    public async Task<Outcome<GroupDto>> CreateGroupAsync(CreateGroupRequest request, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var slug = validation.RequireText("slug", request.Slug, WorkingGroup.SlugMaxLength)?.ToLowerInvariant();
        if (slug is not null && !SlugPattern().IsMatch(slug))
        {
            validation.Add("slug", "Use 2–64 lower-case letters, digits and hyphens, starting with a letter.");
        }
        var name = NameGuard.Check(validation, "name", validation.RequireText("name", request.Name, WorkingGroup.NameMaxLength));
        var description = validation.OptionalText("description", request.Description, WorkingGroup.DescriptionMaxLength) ?? "";
        var visibility = GroupVisibility.Members;
        if (request.Visibility is not null && !GroupRoles.TryParseVisibility(request.Visibility, out visibility))
        {
            validation.Add("visibility", "Choose 'public' or 'members'.");
        }
        if (!validation.IsValid)
        {
            return Outcome<GroupDto>.Invalid(validation);
        }
        var personalData = _guard.Check(request.ConfirmPersonalData == true, new GuardedText("description", description));
        if (!personalData.Allowed)
        {
            return personalData.Failure<GroupDto>();
        }
        if (await Groups.AnyAsync(g => g.Slug == slug, cancellationToken))
        {
            return Outcome<GroupDto>.Conflict($"A group with the slug '{slug}' already exists; choose another.");
        }

        var group = new WorkingGroup { Slug = slug!, Name = name!, Description = description, Visibility = visibility, CreatedAt = Now };
        _db.Add(group);
        try
        {
            await _db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            _db.Entry(group).State = EntityState.Detached;
            return Outcome<GroupDto>.Conflict($"A group with the slug '{slug}' already exists; choose another.");
        }
        _audit.Record(AuditActions.GroupCreated, Notice.T["Created group '{0}' ({1})", group.Name, GroupWords.Visibility(group.Visibility)], group.Id, "group", group.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        RecordConfirmedPersonalData(personalData, group.Id);
        await _db.SaveChangesAsync(cancellationToken);
        return Outcome<GroupDto>.Created(new GroupDto(group.Id, group.Slug, group.Name, group.Description, group.Visibility, null, 0, StakeholderTypes.All.ToDictionary(t => t.ToWire(), _ => 0)));
    }

    /// <summary>Facilitators change name and description; only administrators change visibility.</summary>
    public async Task<Outcome<bool>> UpdateGroupAsync(GroupAccess access, UpdateGroupRequest request, CancellationToken cancellationToken)
    {
        var group = await _db.Set<WorkingGroup>().SingleAsync(g => g.Id == access.GroupId, cancellationToken);
        var validation = new Validation();
        var name = request.Name is null ? group.Name : NameGuard.Check(validation, "name", validation.RequireText("name", request.Name, WorkingGroup.NameMaxLength));
        var description = request.Description is null ? group.Description : validation.OptionalText("description", request.Description, WorkingGroup.DescriptionMaxLength) ?? "";
        var visibility = group.Visibility;
        if (request.Visibility is not null && !GroupRoles.TryParseVisibility(request.Visibility, out visibility))
        {
            validation.Add("visibility", "Choose 'public' or 'members'.");
        }
        if (!validation.IsValid)
        {
            return Outcome<bool>.Invalid(validation);
        }
        if (visibility != group.Visibility && !AccessRule.Allows(access, GroupPermissions.Administer))
        {
            return Outcome<bool>.Forbidden("Only an administrator may change who can read a group.");
        }
        var personalData = description == group.Description ? null : _guard.Check(request.ConfirmPersonalData == true, new GuardedText("description", description));
        if (personalData is { Allowed: false })
        {
            return personalData.Failure<bool>();
        }

        if (name != group.Name || description != group.Description)
        {
            group.Name = name!;
            group.Description = description;
            _audit.Record(AuditActions.GroupUpdated, Notice.T["Edited the name or description of '{0}'", group.Name], group.Id, "group", Id(group.Id));
            if (personalData is not null)
            {
                RecordConfirmedPersonalData(personalData, group.Id);
            }
        }
        var closed = group.Visibility == GroupVisibility.Public && visibility == GroupVisibility.Members;
        if (visibility != group.Visibility)
        {
            _audit.Record(AuditActions.GroupVisibilityChanged, Notice.T["Changed visibility of '{0}' from {1} to {2}", group.Name, GroupWords.Visibility(group.Visibility), GroupWords.Visibility(visibility)], group.Id, "group", Id(group.Id));
            group.Visibility = visibility;
        }
        await _db.SaveChangesAsync(cancellationToken);
        if (closed)
        {
            foreach (var listener in _listeners)
            {
                await listener.GroupClosedAsync(group.Id, cancellationToken);
            }
        }
        return Outcome<bool>.Ok(true);
    }

    public async Task<IReadOnlyList<MemberDto>> ListMembersAsync(GroupAccess access, CancellationToken cancellationToken)
    {
        var rows = await (from m in Memberships
                          join u in _db.Users on m.UserId equals u.Id
                          join o in _db.Organisations on u.OrganisationId equals o.Id
                          where m.GroupId == access.GroupId
                          select new MemberRow(m.UserId, u.DisplayName, u.Email, o, m.Role, m.AddedAt))
                         .ToListAsync(cancellationToken);
        return ToMembers(access, rows);
    }

    /// <summary>The group page's group and members in one query (the group left-joined to its members, so that a group
    /// without members still answers): the balance of stakeholders is counted from the members it lists.</summary>
    public async Task<(GroupDto Group, IReadOnlyList<MemberDto> Members)> GetWithMembersAsync(GroupAccess access, CancellationToken cancellationToken)
    {
        var rows = await GroupWithMembers.For(_db)(_db, access.GroupId).ToListAsync(cancellationToken);
        var members = ToMembers(access, rows.Select(r => r.Member).OfType<MemberRow>());
        var stakeholders = StakeholderTypes.All.ToDictionary(t => t.ToWire(), t => members.Count(m => m.Organisation.StakeholderType == t));
        var group = new GroupDto(access.GroupId, access.Slug, access.Name, rows.FirstOrDefault()?.Description ?? "", access.Visibility, access.Role, members.Count, stakeholders);
        return (group, members);
    }

    private sealed record MemberRow(string UserId, string DisplayName, string? Email, Organisation Organisation, GroupRole Role, DateTime AddedAt);

    /// <summary>The group's description, once per member (or once with no member).</summary>
    private sealed record GroupMemberRow(string Description, MemberRow? Member);

    /// <summary>The group page asks it on every request: compiled, EF Core neither rebuilds its expression tree nor
    /// computes its cache key each time. Read without tracking: nothing read here is changed.</summary>
    private static readonly PerModel<Func<ForumDbContext, int, IAsyncEnumerable<GroupMemberRow>>> GroupWithMembers = new(_ => EF.CompileAsyncQuery(
        (ForumDbContext db, int groupId) =>
            from g in db.Set<WorkingGroup>().AsNoTracking()
            where g.Id == groupId
            join m in db.Set<Membership>().AsNoTracking() on g.Id equals m.GroupId into memberships
            from m in memberships.DefaultIfEmpty()
            join u in db.Users.AsNoTracking() on m!.UserId equals u.Id into users
            from u in users.DefaultIfEmpty()
            join o in db.Organisations.AsNoTracking() on u!.OrganisationId equals o.Id into organisations
            from o in organisations.DefaultIfEmpty()
            select new GroupMemberRow(g.Description, o == null ? null : new MemberRow(m!.UserId, u!.DisplayName, u.Email, o, m.Role, m.AddedAt))));

    /// <summary>Members by organisation, facilitators first, then by name; e-mail addresses only for those who facilitate.</summary>
    private static List<MemberDto> ToMembers(GroupAccess access, IEnumerable<MemberRow> rows)
    {
        var showEmails = AccessRule.Allows(access, GroupPermissions.Facilitate);
        return rows
            .OrderBy(r => r.Organisation.Name, StringComparer.CurrentCulture).ThenByDescending(r => r.Role).ThenBy(r => r.DisplayName, StringComparer.CurrentCulture)
            .Select(r => new MemberDto(r.UserId, r.DisplayName, showEmails ? r.Email : null, OrganisationDto.From(r.Organisation), r.Role, new DateTimeOffset(r.AddedAt)))
            .ToList();
    }

    /// <summary>Adds a person by e-mail. Someone without an account gets one, with an invitation link for the facilitator
    /// to pass on; that needs the person's name and organisation.</summary>
    public async Task<Outcome<(MemberDto Member, string? InvitationPath)>> AddMemberAsync(GroupAccess access, AddMemberRequest request, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var email = validation.RequireText("email", request.Email, EmailMaxLength);
        if (email is not null && !IsEmail(email))
        {
            validation.Add("email", "Enter an e-mail address such as name@example.org.");
        }
        var role = GroupRole.Member;
        if (request.Role is not null && !GroupRoles.TryParse(request.Role, out role))
        {
            validation.Add("role", "Choose 'observer', 'member' or 'facilitator'.");
        }
        if (!validation.IsValid)
        {
            return Outcome<(MemberDto, string?)>.Invalid(validation);
        }

        var normalisedEmail = email!.ToUpperInvariant();
        var user = await _db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == normalisedEmail, cancellationToken);
        string? invitationPath = null;
        await using var transaction = await _db.Database.BeginTransactionAsync(cancellationToken);
        if (user is null)
        {
            var displayName = NameGuard.Check(validation, "displayName", validation.RequireText("displayName", request.DisplayName, ForumUser.DisplayNameMaxLength));
            if (request.OrganisationId is null)
            {
                validation.Add("organisationId", "This person has no account yet: choose their organisation so that one can be created.");
            }
            else if (!await _db.Organisations.AnyAsync(o => o.Id == request.OrganisationId, cancellationToken))
            {
                validation.Add("organisationId", "There is no organisation with this id.");
            }
            if (!validation.IsValid)
            {
                return Outcome<(MemberDto, string?)>.Invalid(validation);
            }
            InvitationResult invitation;
            try
            {
                invitation = await _invitations.InviteAsync(email, displayName!, request.OrganisationId!.Value, cancellationToken);
            }
            catch (DbUpdateException)
            {
                return Outcome<(MemberDto, string?)>.Conflict($"An account for {email} was created at the same moment; try again.");
            }
            if (!invitation.Succeeded)
            {
                foreach (var (field, messages) in invitation.Errors)
                {
                    foreach (var message in messages)
                    {
                        validation.Add(field, message);
                    }
                }
                return Outcome<(MemberDto, string?)>.Invalid(validation);
            }
            user = invitation.User!;
            invitationPath = invitation.InvitationPath;
        }
        else if (await Memberships.AnyAsync(m => m.GroupId == access.GroupId && m.UserId == user.Id, cancellationToken))
        {
            return Outcome<(MemberDto, string?)>.Conflict($"{user.Email} is already a member of this group; change their role instead.");
        }

        var membership = new Membership { GroupId = access.GroupId, UserId = user.Id, Role = role, AddedAt = Now };
        _db.Add(membership);
        _audit.Record(AuditActions.MemberAdded, Notice.T["Added {0} to '{1}' as {2}", user.Email, access.Name, GroupWords.Role(role)], access.GroupId, "user", user.Id);
        try
        {
            await _db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Someone added the same person a moment ago (the key is group + user).
            return Outcome<(MemberDto, string?)>.Conflict($"{user.Email} is already a member of this group; change their role instead.");
        }
        await transaction.CommitAsync(cancellationToken);

        var organisation = await _db.Organisations.SingleAsync(o => o.Id == user.OrganisationId, cancellationToken);
        var dto = new MemberDto(user.Id, user.DisplayName, user.Email, OrganisationDto.From(organisation), role, new DateTimeOffset(membership.AddedAt));
        return Outcome<(MemberDto, string?)>.Created((dto, invitationPath));
    }

    public async Task<Outcome<bool>> ChangeRoleAsync(GroupAccess access, string userId, string? roleText, CancellationToken cancellationToken)
    {
        if (!GroupRoles.TryParse(roleText, out var role))
        {
            return Outcome<bool>.Invalid("role", "Choose 'observer', 'member' or 'facilitator'.");
        }
        var membership = await _db.Set<Membership>().SingleOrDefaultAsync(m => m.GroupId == access.GroupId && m.UserId == userId, cancellationToken);
        if (membership is null)
        {
            return Outcome<bool>.NotFound("member of this group with that id");
        }
        if (membership.Role == role)
        {
            return Outcome<bool>.Ok(false);
        }
        if (membership.Role == GroupRole.Facilitator && await IsLastFacilitatorAsync(access.GroupId, cancellationToken))
        {
            return Outcome<bool>.Conflict("This is the group's only facilitator: make someone else facilitator first.");
        }
        var email = await _db.Users.Where(u => u.Id == userId).Select(u => u.Email).SingleAsync(cancellationToken);
        _audit.Record(AuditActions.MemberRoleChanged, Notice.T["Changed {0} in '{1}' from {2} to {3}", email, access.Name, GroupWords.Role(membership.Role), GroupWords.Role(role)], access.GroupId, "user", userId);
        membership.Role = role;
        await _db.SaveChangesAsync(cancellationToken);
        return Outcome<bool>.Ok(true);
    }

    public async Task<Outcome<bool>> RemoveMemberAsync(GroupAccess access, string userId, CancellationToken cancellationToken)
    {
        var membership = await _db.Set<Membership>().SingleOrDefaultAsync(m => m.GroupId == access.GroupId && m.UserId == userId, cancellationToken);
        if (membership is null)
        {
            return Outcome<bool>.NotFound("member of this group with that id");
        }
        if (membership.Role == GroupRole.Facilitator && await IsLastFacilitatorAsync(access.GroupId, cancellationToken))
        {
            return Outcome<bool>.Conflict("This is the group's only facilitator: make someone else facilitator first.");
        }
        var email = await _db.Users.Where(u => u.Id == userId).Select(u => u.Email).SingleAsync(cancellationToken);
        _db.Remove(membership);
        _audit.Record(AuditActions.MemberRemoved, Notice.T["Removed {0} from '{1}' (was {2})", email, access.Name, GroupWords.Role(membership.Role)], access.GroupId, "user", userId);
        await _db.SaveChangesAsync(cancellationToken);
        foreach (var listener in _listeners)
        {
            await listener.MemberRemovedAsync(access.GroupId, userId, cancellationToken);
        }
        return Outcome<bool>.Ok(true);
    }

    /// <summary>A description the author confirmed holds a phone number or e-mail address that is not a child's: kept in the
    /// group's audit log, which its facilitators and administrators read.</summary>
    private void RecordConfirmedPersonalData(GuardResult result, int groupId)
    {
        if (result.NeedsFlag)
        {
            _audit.Record(AuditActions.GroupUpdated, Notice.T["The group's description holds a phone number or e-mail address; its author confirmed it is not a child's."], groupId, "group", Id(groupId));
        }
    }

    private async Task<bool> IsLastFacilitatorAsync(int groupId, CancellationToken cancellationToken) =>
        await Memberships.CountAsync(m => m.GroupId == groupId && m.Role == GroupRole.Facilitator, cancellationToken) <= 1;

    public static bool IsEmail(string value) =>
        MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('.', StringComparison.Ordinal);

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    private static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("^[a-z][a-z0-9-]{1,63}$")]
    private static partial Regex SlugPattern();
}
