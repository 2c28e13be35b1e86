using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ChildForum.Theme.Pages;

/// <summary>The error page is re-executed with the failed request's method, a POST included: it must not ask for
/// an antiforgery token (that would turn every error of a form into a 400).</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel;
