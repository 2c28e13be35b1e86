using ChildForum.Files.Tests.Infrastructure;

namespace ChildForum.Files.Tests.Import;

/// <summary>An imported draft or version as the API answers it.</summary>
public sealed record ImportedDraftJson(int Id, int GroupId, string Title, string Status, int Version, string Language, List<string> Notes);

public sealed record ImportedVersionJson(int Version, int DraftId, string Note, List<string> Notes);

public sealed record BlockJson(string Anchor, string Text);

public sealed record DraftJson(int Id, int Version, string Title, string Body, string Html, List<BlockJson> Blocks);

/// <summary>Calls of the Word import routes.</summary>
public static class DraftImportApi
{
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public static async Task<HttpResponseMessage> SendImportAsync(this HttpClient client, int groupId, string fileName, byte[] bytes, params (string Name, string Value)[] fields)
    {
        using var form = DocumentApi.Form(fileName, bytes, fields);
        return await client.PostAsync($"/api/v1/groups/{groupId}/drafts/import", form).WaitAsync(DocumentApi.Patience);
    }

    public static async Task<HttpResponseMessage> SendVersionImportAsync(this HttpClient client, int draftId, string fileName, byte[] bytes, params (string Name, string Value)[] fields)
    {
        using var form = DocumentApi.Form(fileName, bytes, fields);
        return await client.PostAsync($"/api/v1/drafts/{draftId}/versions/import", form).WaitAsync(DocumentApi.Patience);
    }
}
