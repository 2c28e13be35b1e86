using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChildForum.Search.Export;

/// <summary>Checks <see cref="SearchOptions.ExportLimit"/> at start: a limit out of range is a start-up error that names
/// the setting, not an export that silently holds nothing or millions of rows.</summary>
public sealed class SearchExportOptions : IValidateOptions<SearchOptions>
{
    /// <summary>The most a researcher's export may hold, whatever is configured.</summary>
    public const int MaxExportLimit = 100_000;

    public ValidateOptionsResult Validate(string? name, SearchOptions options) =>
        options.ExportLimit is >= 1 and <= MaxExportLimit
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Search:ExportLimit is {options.ExportLimit}; give a whole number from 1 to {MaxExportLimit}.");
}

public static class SearchExportRegistration
{
    public static IServiceCollection AddSearchExport(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<SearchOptions>, SearchExportOptions>();
        services.AddOptions<SearchOptions>().ValidateOnStart();
        return services;
    }
}
