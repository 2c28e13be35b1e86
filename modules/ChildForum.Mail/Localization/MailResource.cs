namespace ChildForum.Mail.Localization;

/// <summary>Marker for this module's sentences, on pages and in mails (<c>MailResource.zh-Hans.resx</c>). English text is the key.</summary>
public sealed class MailResource;
