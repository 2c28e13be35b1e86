using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChildForum.Core.Http;

// The NUL character (U+0000) is valid in JSON strings, URLs (%00) and forms, but PostgreSQL cannot store it
// in text. It is never part of real text, so it is stopped at the edge of the site:
// in a URL → 400; in a JSON string → 400 (the body is not acceptable); in a form field → removed.

/// <summary>Answers 400 to a URL whose path or query holds a NUL character.</summary>
public sealed class RejectNulInUrlMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if ((request.Path.Value?.Contains('\0', StringComparison.Ordinal) ?? false) ||
            (request.QueryString.Value?.Contains("%00", StringComparison.Ordinal) ?? false))
        {
            // Name the query parameter that holds it, or the path.
            var field = request.Query.FirstOrDefault(q => q.Key.Contains('\0', StringComparison.Ordinal) || q.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true)).Key
                is { Length: > 0 } key ? key.Replace("\0", "", StringComparison.Ordinal) : "path";
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await Results.ValidationProblem(
                new Dictionary<string, string[]> { [field.Length > 0 ? field : "query"] = ["Remove the NUL character (%00)."] },
                detail: "The address contains a NUL character (%00), which no page or resource has.",
                title: "Bad Request").ExecuteAsync(context);
            return;
        }
        await next(context);
    }
}

/// <summary>Reads JSON strings as usual but refuses one that holds a NUL character.</summary>
public sealed class NulRejectingStringConverter : JsonConverter<string>
{
    public const string Refusal = "Text may not contain the NUL character (\\u0000).";

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString();
        return value is not null && value.Contains('\0', StringComparison.Ordinal)
            ? throw new JsonException(Refusal)
            : value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>Binds form and query strings as usual, without NUL characters.</summary>
public sealed class NulStrippingStringBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.ModelType == typeof(string)
            ? new Binder(new SimpleTypeModelBinder(typeof(string), context.Services.GetRequiredService<ILoggerFactory>()))
            : null;

    private sealed class Binder(IModelBinder inner) : IModelBinder
    {
        public async Task BindModelAsync(ModelBindingContext bindingContext)
        {
            await inner.BindModelAsync(bindingContext);
            if (bindingContext.Result.IsModelSet && bindingContext.Result.Model is string text && text.Contains('\0', StringComparison.Ordinal))
            {
                bindingContext.Result = ModelBindingResult.Success(text.Replace("\0", "", StringComparison.Ordinal));
            }
        }
    }
}
