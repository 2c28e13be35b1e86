using System.Collections.Concurrent;
using ChildForum.Testing;

namespace ChildForum.Security.Tests.Matrix;

/// <summary>Who may read a piece of the scene's text.</summary>
public enum Readers
{
    /// <summary>Anyone who may read the members-only group: its observers, members, facilitators and administrators.</summary>
    MembersOnlyGroup,

    /// <summary>Only the group's facilitators and administrators: hidden messages, minutes drafts, unpublished agendas, flags.</summary>
    Facilitators,

    /// <summary>The name and organisation of a speaker in Chatham House minutes: only facilitators may read them anywhere a
    /// meeting is shown (meeting routes, calendars, search). The person is a member, so other routes (the members list)
    /// name them rightly.</summary>
    ChathamHouseSpeaker,
}

/// <summary>The titles and texts of the scene that some callers may not read. Each is a unique run of letters (from
/// <see cref="Unique"/>), so finding it anywhere in an answer (body or headers) means it leaked.</summary>
public sealed class Secrets
{
    private readonly ConcurrentDictionary<string, Readers> _texts = new(StringComparer.Ordinal);

    /// <summary>A new unique text, registered as readable only by <paramref name="readers"/>.</summary>
    public string New(Readers readers)
    {
        var text = Unique.Suffix();
        _texts[text] = readers;
        return text;
    }

    /// <summary>Registers a text chosen elsewhere (a display name, an organisation's name).</summary>
    public string Add(string text, Readers readers)
    {
        _texts[text] = readers;
        return text;
    }

    /// <summary>The texts <paramref name="caller"/> may not read in the answer of a route (<paramref name="showsMeetings"/>:
    /// a route that shows meetings, calendars or search results).</summary>
    public IReadOnlyList<string> HiddenFrom(Caller caller, bool showsMeetings) =>
        _texts.Where(t => t.Value switch
            {
                Readers.MembersOnlyGroup => !caller.ReadsMembersOnlyGroup(),
                Readers.Facilitators => !caller.Facilitates(),
                Readers.ChathamHouseSpeaker => showsMeetings && !caller.Facilitates(),
                _ => true,
            })
            .Select(t => t.Key)
            .ToList();
}
