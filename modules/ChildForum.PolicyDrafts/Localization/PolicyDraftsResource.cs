namespace ChildForum.PolicyDrafts.Localization;

/// <summary>Marker for this module's UI strings (<c>PolicyDraftsResource.zh-Hans.resx</c>). English text is the key.</summary>
public sealed class PolicyDraftsResource;
