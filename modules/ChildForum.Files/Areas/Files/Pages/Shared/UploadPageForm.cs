using ChildForum.Files.Localization;
using ChildForum.Files.Services;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Localization;

namespace ChildForum.Files.Areas.Files.Pages.Shared;

/// <summary>The form of an upload page (upload, new version), read by the page itself under the route's size limit:
/// such a page binds nothing, so that model binding never reads the body first. The antiforgery token is checked after
/// the form is read.</summary>
internal static class UploadPageForm
{
    /// <summary>The form; or, with no form, the sentence to show next to the file field (too large, unreadable); or
    /// neither when the antiforgery token is missing or wrong (the page answers 400).</summary>
    public static async Task<(IFormCollection? Values, string? FileError)> ReadAsync(
        HttpContext context, IAntiforgery antiforgery, long maxBytes, IStringLocalizer<FilesResource> t, CancellationToken cancellationToken)
    {
        IFormCollection values;
        try
        {
            values = await context.Request.ReadFormAsync(cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, t[DocumentService.TooLarge, DocumentService.Size(maxBytes)]);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // A malformed or cut multipart body (what a browser never sends): a sentence, not an error page.
            return (null, t[DocumentService.UnreadableForm]);
        }
        return await antiforgery.IsRequestValidAsync(context) ? (values, null) : (null, null);
    }
}
