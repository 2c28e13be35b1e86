using ChildForum.Core.Http;
using ChildForum.Mail.Localization;
using ChildForum.Mail.Services.Choices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ChildForum.Mail.Areas.Mail.Pages.Unsubscribe;

/// <summary><c>/mail/unsubscribe?token=…</c>, the address in every mail's <c>List-Unsubscribe</c> header. GET shows what
/// the link switches off, with one button; POST with <c>List-Unsubscribe=One-Click</c> (what mail clients send, RFC 8058,
/// and what the button sends) switches it off and answers 200.
/// <para>It needs no sign-in and no antiforgery token: a mail client posts without cookies or a page, and the signed
/// token is the whole authority (anyone who could forge this request already holds the link). This is the one form of
/// the site exempt from antiforgery validation.</para></summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class UnsubscribeModel(Unsubscribing unsubscribing, IStringLocalizer<MailResource> t) : PageModel
{
    public const string OneClickField = "List-Unsubscribe";
    public const string OneClickValue = "One-Click";

    [BindProperty(SupportsGet = true, Name = "token")] public string? Token { get; set; }

    [BindProperty(Name = OneClickField)] public string? OneClick { get; set; }

    /// <summary>What the link switches off; null when the link is not valid.</summary>
    public UnsubscribeLink? Link { get; private set; }

    /// <summary>Why nothing was switched off, in the reader's language.</summary>
    public string? Problem { get; private set; }

    /// <summary>Whether this request switched it off (or found it off already).</summary>
    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        KeepPrivate();
        return Show(await unsubscribing.ReadAsync(Token, cancellationToken));
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        KeepPrivate();
        if (OneClick != OneClickValue)
        {
            var read = await unsubscribing.ReadAsync(Token, cancellationToken);
            if (!read.Succeeded)
            {
                return Show(read);
            }
            Link = read.Value;
            return Refuse(t["Nothing was switched off: press the button on this page to do it."]);
        }
        var outcome = await unsubscribing.UnsubscribeAsync(Token, cancellationToken);
        Done = outcome.Succeeded;
        return Show(outcome);
    }

    private IActionResult Show(Outcome<UnsubscribeLink> outcome)
    {
        if (!outcome.Succeeded)
        {
            return Refuse(outcome.Describe(t));
        }
        Link = outcome.Value;
        return Page();
    }

    private PageResult Refuse(string sentence)
    {
        Problem = sentence;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>The answer names a group for the link's holder: no cache keeps it, no search engine lists it.</summary>
    private void KeepPrivate()
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers["X-Robots-Tag"] = "noindex";
    }
}
