using System.Globalization;

namespace ChildForum.Files.Services;

/// <summary>The <c>attachTo</c> form value: <c>message:{id}</c>, <c>agenda-item:{id}</c> or <c>draft:{id}</c>.</summary>
public sealed record AttachmentTarget(string Kind, int Id)
{
    public const string Message = "message";
    public const string AgendaItem = "agenda-item";
    public const string Draft = "draft";

    private static readonly string[] Kinds = [Message, AgendaItem, Draft];

    public const string Invalid = "Give attachTo as message:<id>, agenda-item:<id> or draft:<id>, or leave it out to put the file in the group's library.";

    public static bool TryParse(string value, out AttachmentTarget? target)
    {
        target = null;
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !Kinds.Contains(value[..colon])
            || !int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id < 1)
        {
            return false;
        }
        target = new AttachmentTarget(value[..colon], id);
        return true;
    }

    public override string ToString() => $"{Kind}:{Id.ToString(CultureInfo.InvariantCulture)}";
}
