using System.Text;
using ChildForum.Core.Data;
using ChildForum.Core.Mail;
using ChildForum.Core.Security;
using ChildForum.Mail.Localization;
using ChildForum.Mail.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ChildForum.Mail.Services.Digest;

/// <summary>Composes the daily digest (kind <see cref="MailKinds.Digest"/>) at send time: the person's groups in <c>digest</c>
/// mode that the access rule still lets them read, each module's news in them over the row's period
/// (<see cref="IDigestSource"/>), a heading per group and a list of linked lines under each of its sections. Nothing at
/// all happened: null, so no empty digest is sent (the row is withheld).</summary>
public sealed class DigestComposer(
    ForumDbContext db,
    AccessRule access,
    IEnumerable<IDigestSource> sources,
    DigestBatch batch,
    IStringLocalizer<MailResource> t) : IMailComposer
{
    public bool Composes(string kind) => kind == MailKinds.Digest;

    public async Task<MailContent?> ComposeAsync(MailContext context, CancellationToken cancellationToken)
    {
        MailText.UseCulture(context.Culture);
        if (DigestPeriod.Read(context.Request.Data) is not var (since, until) || DigestPeriod.Day(context.Request.Subject) is not { } day)
        {
            return null;
        }
        var userId = context.Recipient.Id;
        // The person's groups in digest mode and their zone, in one question (the zone as a scalar subquery: SQLite has no APPLY).
        var mine = await db.Set<GroupNotificationSetting>().AsNoTracking()
            .Where(g => g.UserId == userId && g.Mode == NotificationModes.Digest)
            .Select(g => new { g.GroupId, Zone = db.Set<NotificationSettings>().Where(s => s.UserId == userId).Select(s => s.TimeZone).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        var digestGroups = mine.Select(g => g.GroupId).ToList();
        if (digestGroups.Count == 0)
        {
            return null;
        }
        var readableGroups = await access.ReadableGroupsAsync(context.Principal, cancellationToken);
        var readable = readableGroups.Where(g => digestGroups.Contains(g.GroupId)).ToDictionary(g => g.GroupId);
        if (readable.Count == 0)
        {
            return null;
        }

        var zone = Choices.TimeZones.Find(mine[0].Zone) ?? TimeZoneInfo.Utc;
        var digestContext = new DigestContext(context.Recipient, context.Principal, context.Culture, context.PublicUrl, since, until, zone) { ReadableGroups = readableGroups, News = batch.News };
        var sections = new List<DigestSection>();
        foreach (var source in sources)
        {
            sections.AddRange(await source.CollectAsync(digestContext, readable.Keys, cancellationToken));
        }
        // A source answers for the groups it was given only; anything else is not the person's to read here.
        sections.RemoveAll(s => s.Items.Count == 0 || !readable.ContainsKey(s.GroupId));
        if (sections.Count == 0)
        {
            return null;
        }

        var markdown = new StringBuilder();
        // The sentence is the site's own (a date and a zone id), not text a person wrote: it is not escaped.
        markdown.Append(t["What happened in your groups since {0}.", Local(since, zone, context.Culture)].Value).Append("\n\n");
        foreach (var group in sections.GroupBy(s => s.GroupId)
                     .OrderBy(g => readable[g.Key].Name, StringComparer.Create(context.Culture, ignoreCase: true)))
        {
            var groupAccess = readable[group.Key];
            markdown.Append("## [").Append(MailText.Escape(groupAccess.Name)).Append("](").Append(context.Link($"/groups/{groupAccess.Slug}")).Append(")\n\n");
            foreach (var section in group.OrderBy(s => s.Order))
            {
                markdown.Append("**").Append(MailText.Escape(section.Title)).Append("**\n\n");
                foreach (var item in section.Items)
                {
                    markdown.Append("- [").Append(MailText.Escape(item.Text)).Append("](").Append(item.Url).Append(")\n");
                }
                markdown.Append('\n');
            }
        }
        var subject = t["Your ChildForum digest of {0}", day.ToString("D", context.Culture)];
        return new MailContent(subject, markdown.ToString().TrimEnd() + "\n");
    }

    /// <summary>The start of the period as the person reads it: in their zone, in their language.</summary>
    private static string Local(DateTime sinceUtc, TimeZoneInfo zone, System.Globalization.CultureInfo culture)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(sinceUtc, DateTimeKind.Utc), zone);
        return local.ToString("g", culture) + " (" + zone.Id + ")";
    }
}

