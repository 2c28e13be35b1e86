using ChildForum.Core;
using ChildForum.Core.Data;
using ChildForum.Files.Data;
using ChildForum.Core.Search;
using ChildForum.Files.Endpoints;
using ChildForum.Files.Extraction;
using ChildForum.Files.Search;
using ChildForum.Files.Services;
using ChildForum.Files.Storage;
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
        services.AddSingleton<TextExtractor>();
        services.AddScoped<ISearchSource, DocumentSearchSource>();
        services.AddScoped<ISearchFollower, DocumentSearchFollower>();
        return builder;
    }

    public static IEndpointRouteBuilder MapFiles(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapDocumentEndpoints(endpoints.ServiceProvider.GetRequiredService<IOptions<FilesOptions>>().Value.MaxBytes);
        return endpoints;
    }

    /// <summary><c>ChildForum:DataPath</c>, under the content root when relative (as the database's folder is).</summary>
    private static string DataPath(IServiceProvider services)
    {
        var configured = services.GetRequiredService<IOptions<ChildForumOptions>>().Value.DataPath;
        return Path.IsPathRooted(configured) ? configured : Path.Combine(services.GetRequiredService<IHostEnvironment>().ContentRootPath, configured);
    }
}
