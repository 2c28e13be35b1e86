namespace ChildForum.Meetings.Localization;

/// <summary>Marker for this module's UI strings (<c>MeetingsResource.zh-Hans.resx</c>). English text is the key.</summary>
public sealed class MeetingsResource;
