namespace ChildForum.Accounts.Localization;

/// <summary>Marker for this module's UI strings (<c>AccountsResource.zh-Hans.resx</c>). English text is the key.</summary>
public sealed class AccountsResource;
