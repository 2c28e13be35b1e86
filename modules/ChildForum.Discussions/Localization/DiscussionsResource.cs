namespace ChildForum.Discussions.Localization;

/// <summary>Marker for this module's UI strings (<c>DiscussionsResource.zh-Hans.resx</c>). English text is the key.</summary>
public sealed class DiscussionsResource;
