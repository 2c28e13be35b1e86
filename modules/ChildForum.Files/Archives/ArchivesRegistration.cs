using ChildForum.Core.Data;
using ChildForum.Core.Records;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Files.Archives;

/// <summary>The archives' services, in one place so that <see cref="FilesModule"/> stays a table of contents.</summary>
public static class ArchivesRegistration
{
    public static IServiceCollection AddArchives(this IServiceCollection services)
    {
        services.AddOptions<ArchiveOptions>().BindConfiguration(ArchiveOptions.Section);
        services.AddSingleton<IModelContributor, ArchivesModel>();
        services.AddSingleton<ArchiveSignal>();
        services.AddScoped<ArchiveService>();
        services.AddScoped<IArchiveSource, DocumentArchiveSource>();
        services.AddSingleton<ArchiveBuilder>();
        services.AddHostedService(sp => sp.GetRequiredService<ArchiveBuilder>());
        return services;
    }
}
