namespace ChildForum.Theme.Localization;

/// <summary>Marker for the theme's UI strings (<c>ThemeResource.zh-Hans.resx</c>). English text is the key.</summary>
public sealed class ThemeResource;
