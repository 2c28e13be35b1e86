using System.Text.Json;
using System.Text.RegularExpressions;
using ChildForum.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChildForum.Core.Recipes;

/// <summary>One step of a recipe, provided by the module that owns the content it creates.</summary>
public interface IRecipeStep
{
    /// <summary>The <c>"step"</c> value this handler executes, e.g. <c>"groups"</c>.</summary>
    string Name { get; }
    Task ExecuteAsync(JsonElement step, CancellationToken cancellationToken);
}

public sealed class RecipeException(string message) : Exception(message);

/// <summary>Applies JSON recipes (<c>Recipes/{name}.recipe.json</c> next to the host) step by step
/// in one transaction, and remembers which recipes a database has received.</summary>
public sealed partial class RecipeRunner(ForumDbContext db, IEnumerable<IRecipeStep> steps, TimeProvider clock, ILogger<RecipeRunner> logger)
{
    private readonly ForumDbContext _db = db;
    private readonly IReadOnlyDictionary<string, IRecipeStep> _steps = steps.ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider _clock = clock;
    private readonly ILogger<RecipeRunner> _logger = logger;

    public static string RecipeFolder => Path.Combine(AppContext.BaseDirectory, "Recipes");

    /// <summary>Applies <paramref name="name"/> when the database has never received a recipe. Returns true when it ran.</summary>
    public async Task<bool> ApplyToEmptyDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        if (await _db.AppliedRecipes.AnyAsync(cancellationToken))
        {
            return false;
        }
        await ApplyAsync(name, cancellationToken);
        return true;
    }

    public async Task ApplyAsync(string name, CancellationToken cancellationToken = default)
    {
        if (!RecipeName().IsMatch(name))
        {
            throw new RecipeException($"'{name}' is not a recipe name: use lower-case letters, digits and hyphens.");
        }
        var path = Path.Combine(RecipeFolder, name + ".recipe.json");
        if (!File.Exists(path))
        {
            throw new RecipeException($"There is no recipe '{name}' (looked for {path}).");
        }

        await using var stream = File.OpenRead(path);
        using var document = await JsonDocument.ParseAsync(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }, cancellationToken);

        var strategy = _db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await _db.Database.BeginTransactionAsync(cancellationToken);
            if (document.RootElement.TryGetProperty("steps", out var stepList))
            {
                foreach (var step in stepList.EnumerateArray())
                {
                    var stepName = step.GetProperty("step").GetString() ?? "";
                    if (!_steps.TryGetValue(stepName, out var handler))
                    {
                        throw new RecipeException($"Recipe '{name}' has a step '{stepName}' that no module handles.");
                    }
                    _logger.LogInformation("Recipe {Recipe}: step {Step}", name, stepName);
                    await handler.ExecuteAsync(step, cancellationToken);
                    await _db.SaveChangesAsync(cancellationToken);
                }
            }
            _db.AppliedRecipes.Add(new AppliedRecipe { Name = name, AppliedAt = _clock.GetUtcNow().UtcDateTime });
            await _db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        _logger.LogInformation("Recipe {Recipe} applied", name);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex RecipeName();
}
