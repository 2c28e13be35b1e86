namespace ChildForum.Files.Localization;

/// <summary>Marker for this module's sentences (<c>FilesResource.zh-Hans.resx</c>). English text is the key.</summary>
public sealed class FilesResource;
