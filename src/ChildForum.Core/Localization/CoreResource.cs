namespace ChildForum.Core.Localization;

/// <summary>Marker for the core's UI strings (<c>CoreResource.zh-Hans.resx</c>). English text is the key.</summary>
public sealed class CoreResource;

public static class ForumCultures
{
    public const string English = "en";
    public const string SimplifiedChinese = "zh-Hans";
    public static readonly string[] Supported = [English, SimplifiedChinese];
}
