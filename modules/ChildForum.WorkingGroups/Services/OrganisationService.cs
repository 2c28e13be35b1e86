using ChildForum.Core.Localization;
using ChildForum.Core.Audit;
using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Identity;
using ChildForum.Core.Organisations;
using ChildForum.WorkingGroups.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.WorkingGroups.Services;

/// <summary>Organisations are managed by administrators; everyone may list them.</summary>
public sealed class OrganisationService(ForumDbContext db, IAuditLog audit, TimeProvider clock)
{
    private readonly ForumDbContext _db = db;
    private readonly IAuditLog _audit = audit;
    private readonly TimeProvider _clock = clock;

    public async Task<IReadOnlyList<OrganisationDto>> ListAsync(CancellationToken cancellationToken)
    {
        var organisations = await _db.Organisations.AsNoTracking().ToListAsync(cancellationToken);
        return organisations.OrderBy(o => o.Name, StringComparer.CurrentCulture).Select(OrganisationDto.From).ToList();
    }

    public async Task<Outcome<OrganisationDto>> CreateAsync(OrganisationRequest request, CancellationToken cancellationToken)
    {
        var (name, type, validation) = Validate(request);
        if (!validation.IsValid)
        {
            return Outcome<OrganisationDto>.Invalid(validation);
        }
        if (await _db.Organisations.AnyAsync(o => o.Name == name, cancellationToken))
        {
            return Outcome<OrganisationDto>.Conflict($"An organisation called '{name}' already exists.");
        }
        var organisation = new Organisation { Name = name!, StakeholderType = type, CreatedAt = _clock.GetUtcNow().UtcDateTime };
        _db.Organisations.Add(organisation);
        try
        {
            await _db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            _db.Entry(organisation).State = EntityState.Detached;
            return Outcome<OrganisationDto>.Conflict($"An organisation called '{name}' already exists.");
        }
        _audit.Record(AuditActions.OrganisationCreated, Notice.T["Created organisation '{0}' ({1})", organisation.Name, GroupWords.Stakeholder(type)], targetType: "organisation", targetId: organisation.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await _db.SaveChangesAsync(cancellationToken);
        return Outcome<OrganisationDto>.Created(OrganisationDto.From(organisation));
    }

    public async Task<Outcome<OrganisationDto>> UpdateAsync(int id, OrganisationRequest request, CancellationToken cancellationToken)
    {
        var organisation = await _db.Organisations.SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (organisation is null)
        {
            return Outcome<OrganisationDto>.NotFound("organisation with that id");
        }
        var (name, type, validation) = Validate(request);
        if (!validation.IsValid)
        {
            return Outcome<OrganisationDto>.Invalid(validation);
        }
        if (await _db.Organisations.AnyAsync(o => o.Name == name && o.Id != id, cancellationToken))
        {
            return Outcome<OrganisationDto>.Conflict($"An organisation called '{name}' already exists.");
        }
        if (organisation.Name != name || organisation.StakeholderType != type)
        {
            _audit.Record(AuditActions.OrganisationUpdated, Notice.T["Changed organisation '{0}' ({1}) to '{2}' ({3})", organisation.Name, GroupWords.Stakeholder(organisation.StakeholderType), name!, GroupWords.Stakeholder(type)], targetType: "organisation", targetId: id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            organisation.Name = name!;
            organisation.StakeholderType = type;
            await _db.SaveChangesAsync(cancellationToken);
        }
        return Outcome<OrganisationDto>.Ok(OrganisationDto.From(organisation));
    }

    private static (string? Name, StakeholderType Type, Validation Validation) Validate(OrganisationRequest request)
    {
        var validation = new Validation();
        var name = NameGuard.Check(validation, "name", validation.RequireText("name", request.Name, Organisation.NameMaxLength));
        if (!StakeholderTypes.TryParse(request.StakeholderType, out var type))
        {
            validation.Add("stakeholderType", "Choose 'cso', 'university', 'business' or 'government'.");
        }
        return (name, type, validation);
    }
}
