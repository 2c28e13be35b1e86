using ICU4N.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Icu;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace ChildForum.Search.Lucene;

/// <summary>The <see cref="CJKAnalyzer"/> chain (standard tokenizer, width folding, lower case, bigrams, its stop words)
/// with ICU's <c>Traditional-Simplified</c> transform on each character before the bigrams are made, so that partners in
/// Hong Kong and Taiwan who write 留守兒童 and readers who search 留守儿童 meet on the same terms, at index and query time
/// alike. The transform changes a token's text only, never its offsets: highlights stay on the text as written.
/// Changing this chain changes the terms in the index, so an index built before it needs a rebuild (the reindex
/// command).</summary>
public sealed class ChineseScriptAnalyzer(LuceneVersion version) : Analyzer
{
    /// <summary>ICU's identifier of the transform (Elasticsearch's <c>icu_transform</c> filter takes the same one).</summary>
    public const string TransformId = "Traditional-Simplified";

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(version, reader);
        TokenStream stream = new CJKWidthFilter(source);
        // One transliterator per set of components: the analyzer keeps components per thread, and a transliterator is
        // not meant to be shared between threads.
        stream = new ICUTransformFilter(stream, Transliterator.GetInstance(TransformId));
        stream = new LowerCaseFilter(version, stream);
        stream = new CJKBigramFilter(stream);
        return new TokenStreamComponents(source, new StopFilter(version, stream, CJKAnalyzer.DefaultStopSet));
    }
}
