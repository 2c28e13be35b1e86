namespace ChildForum.Mail.Services.Sending;

/// <summary>Marker for the sender's and the administrators' mail page's strings (<c>SendingResource.zh-Hans.resx</c>):
/// the mail layout's footer, the test mail, the page. English text is the key.</summary>
public sealed class SendingResource;
