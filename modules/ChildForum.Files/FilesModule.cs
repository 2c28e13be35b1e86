using ChildForum.Core;
using ChildForum.Core.Data;
using ChildForum.Files.Archives;
using ChildForum.Files.Data;
using ChildForum.Files.Endpoints;
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
        services.AddSingleton<IFileStore>(sp =>
        {
            var files = sp.GetRequiredService<IOptions<FilesOptions>>().Value;
            var root = Path.Combine(DataPath(sp), "files");
            return files.UsesS3 ? S3FileStore.Create(files.S3, Path.Combine(root, ".staging")) : new DiskFileStore(root);
        });
        services.AddScoped<DocumentAccesses>();
        services.AddScoped<DocumentService>();
        services.AddSingleton(new GroupSection("GroupDocuments", 25));
        // The upload page reads a form as large as the API's: the same limit on its body.
        services.AddOptions<RazorPagesOptions>().Configure<IOptions<FilesOptions>>((pages, files) =>
            pages.Conventions.AddAreaPageApplicationModelConvention("Files", "/Upload", model =>
                model.EndpointMetadata.Add(new RequestSizeLimitAttribute(files.Value.MaxBytes + DocumentEndpoints.FormOverheadBytes))));
        services.AddArchives();
        return builder;
    }

    public static IEndpointRouteBuilder MapFiles(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapDocumentEndpoints(endpoints.ServiceProvider.GetRequiredService<IOptions<FilesOptions>>().Value.MaxBytes);
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
