using System.Globalization;
using ChildForum.Core.Search;
using Lucene.Net.Documents;
using Lucene.Net.Util;

namespace ChildForum.Search.Lucene;

/// <summary>A search document as a Lucene document, built from <see cref="Field"/> instances kept per thread and given new
/// values for each document, as Lucene advises for fast indexing: a new field makes a new token stream for every
/// document, and profiled, making them (allocation, finalizers, and a lock in Lucene's attribute factory that the
/// indexing threads queued on) took about a fifth of the CPU of indexing. A document is indexed before its thread builds
/// the next one, so the fields are never shared.</summary>
internal sealed class DocumentFields
{
    [ThreadStatic]
    private static DocumentFields? t_current;

    private readonly StringField _key = new(LuceneFields.Key, "", Field.Store.YES);
    private readonly StringField _parent = new(LuceneFields.Parent, "", Field.Store.YES);
    private readonly StringField _type = new(LuceneFields.Type, "", Field.Store.YES);
    private readonly StoredField _id = new(LuceneFields.Id, "");
    private readonly StringField _group = new(LuceneFields.Group, "", Field.Store.YES);
    private readonly StringField _audience = new(LuceneFields.Audience, "", Field.Store.YES);
    private readonly StringField _language = new(LuceneFields.Language, "", Field.Store.YES);
    private readonly Int64Field _date = new(LuceneFields.Date, 0, Field.Store.YES);
    private readonly StoredField _title = new(LuceneFields.Title, "");
    private readonly StoredField _url = new(LuceneFields.Url, "");
    private readonly StoredField _body = new(LuceneFields.Body, "");
    private readonly SortedDocValuesField _typeValues = new(LuceneFields.TypeValues, new BytesRef());
    private readonly SortedDocValuesField _groupValues = new(LuceneFields.GroupValues, new BytesRef());
    private readonly SortedDocValuesField _yearValues = new(LuceneFields.YearValues, new BytesRef());
    private readonly NumericDocValuesField _dateValues = new(LuceneFields.DateValues, 0);
    private readonly Dictionary<string, TextField> _text = LuceneFields.TextFields.ToDictionary(f => f, f => new TextField(f, "", Field.Store.NO));
    private readonly Field _prefix = new(LuceneFields.Prefix, "", LuceneFields.PrefixFieldType);
    private readonly List<(StringField Term, SortedSetDocValuesField Values)> _stakeholders = [];

    /// <summary>The calling thread's fields. The document returned is valid until this thread's next call.</summary>
    public static Document Of(SearchDocument d) => (t_current ??= new DocumentFields()).Fill(d);

    private Document Fill(SearchDocument d)
    {
        var text = d.Title + "\n" + d.Body;
        var ticks = d.Date.UtcTicks;
        var group = d.GroupId.ToString(CultureInfo.InvariantCulture);
        _key.SetStringValue(d.Key);
        _parent.SetStringValue(d.Parent);
        _type.SetStringValue(d.Type);
        _id.SetStringValue(d.Id);
        _group.SetStringValue(group);
        _audience.SetStringValue(d.Audience);
        _language.SetStringValue(d.Language);
        _date.SetInt64Value(ticks);
        _title.SetStringValue(d.Title);
        _url.SetStringValue(d.Url);
        _body.SetStringValue(d.Body);
        _typeValues.SetBytesValue(new BytesRef(d.Type));
        _groupValues.SetBytesValue(new BytesRef(group));
        _yearValues.SetBytesValue(new BytesRef(d.Date.UtcDateTime.Year.ToString(CultureInfo.InvariantCulture)));
        _dateValues.SetInt64Value(ticks);
        var doc = new Document
        {
            _key, _parent, _type, _id, _group, _audience, _language, _date, _title, _url, _body,
            _typeValues, _groupValues, _yearValues, _dateValues,
        };
        var field = LuceneFields.FieldFor(d.Language);
        if (field != LuceneFields.Cjk)
        {
            doc.Add(With(_text[field], text));
            doc.Add(With(_prefix, text));
        }
        if (LuceneFields.CjkText(text, field) is { } cjk)
        {
            doc.Add(With(_text[LuceneFields.Cjk], cjk));
        }
        var k = 0;
        foreach (var stakeholder in d.Stakeholders.Distinct(StringComparer.Ordinal))
        {
            if (k == _stakeholders.Count)
            {
                _stakeholders.Add((new StringField(LuceneFields.Stakeholder, "", Field.Store.YES), new SortedSetDocValuesField(LuceneFields.StakeholderValues, new BytesRef())));
            }
            var (term, values) = _stakeholders[k++];
            term.SetStringValue(stakeholder);
            values.SetBytesValue(new BytesRef(stakeholder));
            doc.Add(term);
            doc.Add(values);
        }
        return doc;
    }

    private static Field With(Field field, string value)
    {
        field.SetStringValue(value);
        return field;
    }
}
