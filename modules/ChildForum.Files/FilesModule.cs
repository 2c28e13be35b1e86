using ChildForum.Core.Audit;
using ChildForum.Core.Localization;
using ChildForum.Core;
using ChildForum.Core.Data;
using ChildForum.Core.Notifications;
using ChildForum.Files.Archives;
using ChildForum.Files.Collection;
using ChildForum.Files.Data;
using ChildForum.Core.Search;
using ChildForum.Files.Endpoints;
using ChildForum.Files.Import;
using ChildForum.Files.Extraction;
using ChildForum.Files.Localization;
using ChildForum.Files.Search;
using ChildForum.Files.Exports;
using ChildForum.Files.Services;
using ChildForum.Files.Storage;
using ChildForum.Core.Navigation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChildForum.Files;

/// <summary>Files: documents of a working group (its library, attachments to messages, meeting papers on agenda items,
/// annexes of drafts) with versions, stored by content hash on disk or in S3-compatible storage.</summary>
public static class FilesModule
{
    public static IHostApplicationBuilder AddFiles(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<FilesOptions>().BindConfiguration(FilesOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FilesOptions>, FilesOptionsValidation>();
        services.AddSingleton<IModelContributor, FilesModel>();
        services.AddNoticeTexts<FilesResource>();
        services.AddAuditActions(
            ("document.upload", Notice.T["Document uploaded"]),
            ("document.version", Notice.T["Document version added"]),
            ("document.delete", Notice.T["Document deleted"]),
            ("document.held", Notice.T["Document held back"]),
            ("document.release", Notice.T["Document released"]),
            ("document.personal-data-confirmed", Notice.T["Document: personal data confirmed"]),
            ("archive.request", Notice.T["Archive requested"]),
            ("archive.download", Notice.T["Archive downloaded"]),
            ("records.export", Notice.T["Records exported"]));
        services.AddSingleton<IFileStore>(sp =>
        {
            var files = sp.GetRequiredService<IOptions<FilesOptions>>().Value;
            var root = Path.Combine(DataPath(sp), "files");
            return files.UsesS3 ? S3FileStore.Create(files.S3, Path.Combine(root, ".staging")) : new DiskFileStore(root);
        });
        services.AddScoped<DocumentAccesses>();
        services.AddScoped<DocumentService>();
        services.AddScoped<AttachmentLists>();
        services.AddSingleton(new GroupSection("GroupDocuments", 25));
        services.AddScoped<WordImporter>();
        services.AddArchives();
        services.AddHostedService<BlobCollector>();
        if (string.Equals(builder.Configuration[$"{FilesOptions.Section}:{nameof(FilesOptions.Storage)}"], "s3", StringComparison.OrdinalIgnoreCase))
        {
            services.AddHealthChecks().AddCheck<S3HealthCheck>("files");
        }
        services.AddOptions<RazorPagesOptions>().Configure<IOptions<FilesOptions>>((pages, files) =>
        {
            // One import page for a new draft and for a draft's next version.
            pages.Conventions.AddAreaPageRoute("Files", "/ImportDraft", "groups/{slug}/drafts/{id:int}/import");
            // The pages that take a file take one as large as the API's upload: the same limits on their bodies.
            foreach (var page in new[] { "/Upload", "/NewVersion", "/ImportDraft" })
            {
                pages.Conventions.AddAreaPageApplicationModelConvention("Files", page, model =>
                {
                    model.EndpointMetadata.Add(new RequestSizeLimitAttribute(files.Value.MaxBytes + DocumentEndpoints.FormOverheadBytes));
                    model.EndpointMetadata.Add(new RequestFormLimitsAttribute
                    {
                        MultipartBodyLengthLimit = files.Value.MaxBytes + DocumentEndpoints.FormOverheadBytes,
                        ValueCountLimit = DocumentEndpoints.MaxFormParts,
                    });
                });
            }
        });
        services.AddSingleton<TextExtractor>();
        services.AddScoped<ISearchSource, DocumentSearchSource>();
        services.AddScoped<ISearchFollower, DocumentSearchFollower>();
        return builder;
    }

    public static IEndpointRouteBuilder MapFiles(this IEndpointRouteBuilder endpoints)
    {
        var maxBytes = endpoints.ServiceProvider.GetRequiredService<IOptions<FilesOptions>>().Value.MaxBytes;
        endpoints.MapDocumentEndpoints(maxBytes);
        endpoints.MapDraftImportEndpoints(maxBytes);
        endpoints.MapArchiveEndpoints();
        endpoints.MapRecordExportEndpoints();
        return endpoints;
    }

    /// <summary><c>ChildForum:DataPath</c>, under the content root when relative (as the database's folder is).</summary>
    private static string DataPath(IServiceProvider services)
    {
        var configured = services.GetRequiredService<IOptions<ChildForumOptions>>().Value.DataPath;
        return Path.IsPathRooted(configured) ? configured : Path.Combine(services.GetRequiredService<IHostEnvironment>().ContentRootPath, configured);
    }
}
