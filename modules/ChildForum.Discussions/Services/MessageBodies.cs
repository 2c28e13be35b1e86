using ChildForum.Core.Http;
using ChildForum.Core.Markdown;
using ChildForum.Core.RateLimiting;
using ChildForum.Core.Safeguarding;
using ChildForum.Discussions.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ChildForum.Discussions.Services;

/// <summary>A message body rendered, and whether the author confirmed personal data that the facilitators must be told
/// of; or the refusal.</summary>
public sealed record CheckedBody(string Html, bool NeedsFlag, Outcome<bool>? Problem);

/// <summary>What every message body goes through, in the order that keeps a refused request cheap: the checks that cost
/// nothing, then the per-person limit, then rendering and the children's-data guard.</summary>
public sealed class MessageBodies(IOptions<DiscussionsOptions> options, IMarkdownRenderer markdown, PersonalDataGuard guard, IPersonRateLimiter rateLimiter, IStringLocalizer<DiscussionsResource> t)
{
    private readonly DiscussionsOptions _options = options.Value;

    public int MaxTitleLength => _options.MaxTitleLength;

    /// <summary>The checks that cost nothing: emptiness and length. Returns the trimmed body.</summary>
    public string? Prepare(string? body, Validation validation, out Outcome<bool>? tooLong)
    {
        tooLong = null;
        // NUL cannot be stored by PostgreSQL and is never part of real text (the hub does not pass through the API's JSON check).
        var text = body?.Replace("\0", "", StringComparison.Ordinal).Trim();
        if (string.IsNullOrEmpty(text))
        {
            validation.Add("body", "Write a message first.");
            return null;
        }
        if (text.Length > _options.MaxMessageLength)
        {
            tooLong = Outcome<bool>.TooLarge(t["The message is {0} characters long; the most is {1}. Shorten it or split it into several messages.", text.Length, _options.MaxMessageLength]);
            return null;
        }
        return text;
    }

    /// <summary>Renders the body with the site's pipeline and runs the children's-data guard over it (and the other
    /// texts sent with it). Call only after the rate limit allowed the message.</summary>
    public CheckedBody RenderAndGuard(string body, bool confirmed, params ReadOnlySpan<GuardedText> others)
    {
        string html;
        try
        {
            html = markdown.ToHtml(body);
        }
        catch (MarkdownTooComplexException e)
        {
            return new("", false, Outcome<bool>.Invalid(e.ToValidation("body")));
        }
        GuardedText[] texts = [.. others, new GuardedText("body", body, html)];
        var guarded = guard.Check(confirmed, texts);
        return guarded.Allowed ? new(html, guarded.NeedsFlag, null) : new("", false, guarded.Refusal);
    }

    public async Task<Outcome<bool>?> RefuseWhenTooQuickAsync(string userId, CancellationToken cancellationToken)
    {
        var decision = await rateLimiter.AcquireAsync(userId, cancellationToken);
        return decision.Allowed ? null : Outcome<bool>.TooManyRequests(RateLimitMessage()) with { RetryAfter = decision.RetryAfter };
    }

    private string RateLimitMessage() =>
        t["You are sending messages too quickly: at most {0} in {1} seconds. Wait a moment and send again.", _options.RateLimit, (int)_options.RateWindow.TotalSeconds];
}
