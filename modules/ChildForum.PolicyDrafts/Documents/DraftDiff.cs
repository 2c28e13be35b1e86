using System.Globalization;
using System.Net;
using System.Text;
using DiffPlex;
using DiffPlex.Chunkers;

namespace ChildForum.PolicyDrafts.Documents;

public static class DiffOps
{
    public const string Equal = "equal";
    public const string Insert = "insert";
    public const string Delete = "delete";
    public const string Modify = "modify";
}

/// <summary>One piece of a word-level diff inside a modified block.</summary>
public sealed record WordChange(string Op, string Text);

/// <summary>One block-level change. <c>anchor</c> is the block's anchor in the newer version (for a
/// deletion, in the older one); a modified block's older anchor is <c>previousAnchor</c>. A block that
/// only moved appears as a deletion and an insertion with the same anchor and <c>moved: true</c>.</summary>
public sealed record DiffChange(string Op, string Anchor, string? Before, string? After, string? PreviousAnchor = null, bool Moved = false, IReadOnlyList<WordChange>? Words = null)
{
    internal int FromIndex { get; init; } = -1;
    internal int ToIndex { get; init; } = -1;
}

/// <summary>Words shown to screen-reader users around marked changes (the page's language).</summary>
public sealed record DiffLabels(string Inserted, string Deleted, string Changed, string Moved, string InsertionEnd, string DeletionEnd);

/// <summary>Block by block (DiffPlex over the sequence of anchors, which are digests of the text), then
/// word by word inside a changed block. Chinese has no spaces: each Han character is its own word.</summary>
public static class DraftDiff
{
    /// <summary>How alike a deleted and an inserted block must be (shared words over all words) to be shown as one modified block.</summary>
    public const double ModifySimilarity = 0.3;

    public static IReadOnlyList<DiffChange> Compare(DraftDocument from, DraftDocument to)
    {
        var oldAnchors = from.Blocks.Select(b => b.Anchor).ToArray();
        var newAnchors = to.Blocks.Select(b => b.Anchor).ToArray();
        var result = Differ.Instance.CreateDiffs(string.Join('\n', oldAnchors), string.Join('\n', newAnchors), false, false,
            new CustomFunctionChunker(text => text.Length == 0 ? [] : text.Split('\n')));
        var oldSet = oldAnchors.ToHashSet(StringComparer.Ordinal);
        var newSet = newAnchors.ToHashSet(StringComparer.Ordinal);

        var changes = new List<DiffChange>();
        int a = 0, b = 0;
        foreach (var block in result.DiffBlocks)
        {
            for (; a < block.DeleteStartA && b < block.InsertStartB; a++, b++)
            {
                changes.Add(new DiffChange(DiffOps.Equal, to.Blocks[b].Anchor, from.Blocks[a].Text, to.Blocks[b].Text) { FromIndex = a, ToIndex = b });
            }
            var deleted = Enumerable.Range(block.DeleteStartA, block.DeleteCountA).ToList();
            var inserted = Enumerable.Range(block.InsertStartB, block.InsertCountB).ToList();
            changes.AddRange(Pair(from, to, deleted, inserted, oldSet, newSet));
            a = block.DeleteStartA + block.DeleteCountA;
            b = block.InsertStartB + block.InsertCountB;
        }
        for (; a < oldAnchors.Length && b < newAnchors.Length; a++, b++)
        {
            changes.Add(new DiffChange(DiffOps.Equal, to.Blocks[b].Anchor, from.Blocks[a].Text, to.Blocks[b].Text) { FromIndex = a, ToIndex = b });
        }
        return changes;
    }

    /// <summary>Deleted and inserted blocks of one region: alike pairs become "modify", moved blocks keep their anchor.</summary>
    private static IEnumerable<DiffChange> Pair(DraftDocument from, DraftDocument to, List<int> deleted, List<int> inserted, HashSet<string> oldSet, HashSet<string> newSet)
    {
        var candidatesOld = deleted.Where(i => !newSet.Contains(from.Blocks[i].Anchor)).ToList();
        var candidatesNew = inserted.Where(j => !oldSet.Contains(to.Blocks[j].Anchor)).ToList();
        var pairs = new Dictionary<int, int>();
        var pairedNew = new HashSet<int>();
        foreach (var i in candidatesOld)
        {
            var oldWords = Tokenize(from.Blocks[i].Text);
            var best = -1;
            var bestScore = ModifySimilarity;
            foreach (var j in candidatesNew.Where(j => !pairedNew.Contains(j)))
            {
                var score = Similarity(oldWords, Tokenize(to.Blocks[j].Text));
                if (score >= bestScore)
                {
                    (best, bestScore) = (j, score);
                }
            }
            if (best >= 0)
            {
                pairs[i] = best;
                pairedNew.Add(best);
            }
        }

        // Output in the order of the newer version; a deletion comes before the insertions and modifications
        // that follow it in the older version's order (old text first, as readers expect of a diff).
        var queueOld = new Queue<int>(deleted.Where(i => !pairs.ContainsKey(i)));
        var pairedOlds = pairs.Keys.Order().ToList();
        foreach (var j in inserted)
        {
            var pairedOld = pairs.FirstOrDefault(p => p.Value == j);
            var nextPairedOld = pairs.ContainsValue(j) ? pairedOld.Key : pairedOlds.Where(k => pairs[k] > j).DefaultIfEmpty(int.MaxValue).Min();
            while (queueOld.Count > 0 && queueOld.Peek() < nextPairedOld)
            {
                yield return Deletion(from, queueOld.Dequeue(), newSet);
            }
            if (pairs.ContainsValue(j))
            {
                var before = from.Blocks[pairedOld.Key];
                var after = to.Blocks[j];
                yield return new DiffChange(DiffOps.Modify, after.Anchor, before.Text, after.Text, before.Anchor, Words: WordDiff(before.Text, after.Text))
                {
                    FromIndex = pairedOld.Key, ToIndex = j,
                };
            }
            else
            {
                yield return new DiffChange(DiffOps.Insert, to.Blocks[j].Anchor, null, to.Blocks[j].Text, Moved: oldSet.Contains(to.Blocks[j].Anchor)) { ToIndex = j };
            }
        }
        while (queueOld.Count > 0)
        {
            yield return Deletion(from, queueOld.Dequeue(), newSet);
        }
    }

    private static DiffChange Deletion(DraftDocument from, int i, HashSet<string> newSet) =>
        new(DiffOps.Delete, from.Blocks[i].Anchor, from.Blocks[i].Text, null, Moved: newSet.Contains(from.Blocks[i].Anchor)) { FromIndex = i };

    public static IReadOnlyList<WordChange> WordDiff(string before, string after)
    {
        var result = Differ.Instance.CreateDiffs(before, after, false, false, new CustomFunctionChunker(Tokenize));
        var words = new List<WordChange>();
        void Add(string op, IEnumerable<string> pieces)
        {
            var text = string.Concat(pieces);
            if (text.Length == 0)
            {
                return;
            }
            if (words.Count > 0 && words[^1].Op == op)
            {
                words[^1] = words[^1] with { Text = words[^1].Text + text };
            }
            else
            {
                words.Add(new WordChange(op, text));
            }
        }
        var a = 0;
        foreach (var block in result.DiffBlocks)
        {
            Add(DiffOps.Equal, result.PiecesOld.Skip(a).Take(block.DeleteStartA - a));
            Add(DiffOps.Delete, result.PiecesOld.Skip(block.DeleteStartA).Take(block.DeleteCountA));
            Add(DiffOps.Insert, result.PiecesNew.Skip(block.InsertStartB).Take(block.InsertCountB));
            a = block.DeleteStartA + block.DeleteCountA;
        }
        Add(DiffOps.Equal, result.PiecesOld.Skip(a));
        return JoinAcrossSpaces(words);
    }

    /// <summary>"the township social work station" → "that named person the same day" reads as one deletion and
    /// one insertion, not five alternating single words: changes separated only by spaces are joined.</summary>
    private static List<WordChange> JoinAcrossSpaces(List<WordChange> words)
    {
        var joined = new List<WordChange>();
        var deleted = new StringBuilder();
        var inserted = new StringBuilder();
        var gap = "";
        void Flush()
        {
            if (deleted.Length > 0)
            {
                joined.Add(new WordChange(DiffOps.Delete, deleted.ToString()));
            }
            if (inserted.Length > 0)
            {
                joined.Add(new WordChange(DiffOps.Insert, inserted.ToString()));
            }
            deleted.Clear();
            inserted.Clear();
        }
        foreach (var word in words)
        {
            if (word.Op == DiffOps.Equal)
            {
                if ((deleted.Length > 0 || inserted.Length > 0) && string.IsNullOrWhiteSpace(word.Text) && gap.Length == 0)
                {
                    gap = word.Text;
                    continue;
                }
                Flush();
                joined.Add(new WordChange(DiffOps.Equal, gap + word.Text));
                gap = "";
                continue;
            }
            if (gap.Length > 0)
            {
                deleted.Append(gap);
                inserted.Append(gap);
                gap = "";
            }
            (word.Op == DiffOps.Delete ? deleted : inserted).Append(word.Text);
        }
        Flush();
        if (gap.Length > 0)
        {
            joined.Add(new WordChange(DiffOps.Equal, gap));
        }
        return joined;
    }

    /// <summary>Words, runs of spaces and single punctuation marks; each Han, kana or hangul character on its own.</summary>
    public static IReadOnlyList<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            var c = text[i];
            if (IsCjk(c))
            {
                i++;
            }
            else if (char.IsWhiteSpace(c))
            {
                while (i < text.Length && char.IsWhiteSpace(text[i]))
                {
                    i++;
                }
            }
            else if (char.IsLetterOrDigit(c) || char.IsSurrogate(c))
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || char.IsSurrogate(text[i]) || text[i] is '_' or '\'') && !IsCjk(text[i]))
                {
                    i++;
                }
            }
            else
            {
                i++;
            }
            tokens.Add(text[start..i]);
        }
        return tokens;
    }

    private static bool IsCjk(char c) => c is (>= '\u2E80' and <= '\u9FFF') or (>= '\uAC00' and <= '\uD7AF') or (>= '\uF900' and <= '\uFAFF') or (>= '\uFF00' and <= '\uFFEF');

    private static double Similarity(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var left = a.Where(t => !string.IsNullOrWhiteSpace(t)).ToHashSet(StringComparer.Ordinal);
        var right = b.Where(t => !string.IsNullOrWhiteSpace(t)).ToHashSet(StringComparer.Ordinal);
        if (left.Count == 0 && right.Count == 0)
        {
            return 1;
        }
        var shared = left.Count(right.Contains);
        return (double)shared / (left.Count + right.Count - shared);
    }

    /// <summary>Readable HTML: unchanged blocks as rendered, inserted and deleted blocks inside
    /// <c>&lt;ins&gt;</c>/<c>&lt;del&gt;</c> with words for screen readers, modified blocks as their
    /// Markdown source with word-level marks. Never colour alone: the stylesheet underlines and strikes through too.</summary>
    public static string ToHtml(IReadOnlyList<DiffChange> changes, DraftDocument from, DraftDocument to, DiffLabels labels)
    {
        var html = new StringBuilder("<div class=\"draft-diff\">");
        foreach (var change in changes)
        {
            var anchor = WebUtility.HtmlEncode(change.Anchor);
            switch (change.Op)
            {
                case DiffOps.Equal:
                    html.Append(CultureInfo.InvariantCulture, $"<div class=\"diff-block diff-equal\" data-anchor=\"{anchor}\">").Append(to.BlockHtml(change.ToIndex)).Append("</div>");
                    break;
                case DiffOps.Insert:
                    html.Append(CultureInfo.InvariantCulture, $"<ins class=\"diff-block diff-insert\" data-anchor=\"{anchor}\">")
                        .Append(Hidden(change.Moved ? labels.Moved : labels.Inserted)).Append(to.BlockHtml(change.ToIndex)).Append(Hidden(labels.InsertionEnd)).Append("</ins>");
                    break;
                case DiffOps.Delete:
                    html.Append(CultureInfo.InvariantCulture, $"<del class=\"diff-block diff-delete\" data-anchor=\"{anchor}\">")
                        .Append(Hidden(change.Moved ? labels.Moved : labels.Deleted)).Append(from.BlockHtml(change.FromIndex)).Append(Hidden(labels.DeletionEnd)).Append("</del>");
                    break;
                default:
                    html.Append(CultureInfo.InvariantCulture, $"<div class=\"diff-block diff-modify\" data-anchor=\"{anchor}\">").Append(Hidden(labels.Changed)).Append("<p class=\"diff-words\">");
                    foreach (var word in change.Words ?? [])
                    {
                        var text = WebUtility.HtmlEncode(word.Text).Replace("\n", "<br>", StringComparison.Ordinal);
                        html.Append(word.Op switch
                        {
                            DiffOps.Insert => $"<ins>{Hidden(labels.Inserted)}{text}{Hidden(labels.InsertionEnd)}</ins>",
                            DiffOps.Delete => $"<del>{Hidden(labels.Deleted)}{text}{Hidden(labels.DeletionEnd)}</del>",
                            _ => text,
                        });
                    }
                    html.Append("</p></div>");
                    break;
            }
        }
        return html.Append("</div>").ToString();
    }

    private static string Hidden(string text) => $"<span class=\"visually-hidden\">{WebUtility.HtmlEncode(text)} </span>";
}
