namespace ChildForum.Search.Localization;

/// <summary>Marker for this module's UI strings (<c>SearchResource.zh-Hans.resx</c>). English text is the key.</summary>
public sealed class SearchResource;
