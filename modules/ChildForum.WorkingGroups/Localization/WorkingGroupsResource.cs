namespace ChildForum.WorkingGroups.Localization;

/// <summary>Marker for this module's UI strings (<c>WorkingGroupsResource.zh-Hans.resx</c>). English text is the key.</summary>
public sealed class WorkingGroupsResource;
