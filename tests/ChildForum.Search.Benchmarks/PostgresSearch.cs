using System.Globalization;
using System.Text;
using ChildForum.Core.Search;
using ChildForum.Search.Lucene;
using Npgsql;
using NpgsqlTypes;

namespace ChildForum.Search.Benchmarks;

/// <summary>The same corpus in PostgreSQL full-text search the way Decidim and Discourse do it: a stored tsvector
/// column (configuration <c>simple</c>), a GIN index, <c>@@</c> and <c>ts_rank_cd</c>. PostgreSQL has no Chinese
/// parser: the default parser keeps a run of Han characters as one token, so a Chinese word would only match a whole
/// clause. To be fair, the Han text of title and body is also stored split into overlapping character bigrams (what
/// Lucene's CJKAnalyzer does) in <c>cjk</c>, which goes into the tsvector too, and a Chinese query term becomes a
/// phrase of bigrams (<c>留守 &lt;-&gt; 守儿 &lt;-&gt; 儿童</c>), as in <see cref="LuceneQueries"/>.</summary>
public sealed class PostgresSearch(string connectionString, string database) : IAsyncDisposable
{
    private readonly string _server = connectionString;
    private NpgsqlDataSource? _source;
    private NpgsqlConnection? _queries;

    /// <summary>The server process that runs the queries (one connection for all of them, so its CPU time can be read).</summary>
    public int QueryBackendPid => _queries?.ProcessID ?? 0;

    public string Database { get; } = database;

    public NpgsqlDataSource Source => _source ?? throw new InvalidOperationException("Not created.");

    public async Task CreateAsync()
    {
        await using (var admin = new NpgsqlConnection(_server + ";Database=postgres"))
        {
            await admin.OpenAsync();
            await Execute(admin, $"DROP DATABASE IF EXISTS \"{Database}\" WITH (FORCE)");
            await Execute(admin, $"CREATE DATABASE \"{Database}\" ENCODING 'UTF8' TEMPLATE template0");
        }
        _source = NpgsqlDataSource.Create(_server + $";Database={Database};Maximum Pool Size=4");
        await using var connection = await Source.OpenConnectionAsync();
        await Execute(connection, """
            CREATE TABLE search_docs (
                id serial PRIMARY KEY,
                key text NOT NULL UNIQUE,
                parent text NOT NULL,
                type text NOT NULL,
                doc_id text NOT NULL,
                group_id int NOT NULL,
                audience text NOT NULL,
                language text NOT NULL,
                date timestamptz NOT NULL,
                year int NOT NULL,
                stakeholders text[] NOT NULL,
                title text NOT NULL,
                url text NOT NULL,
                body text NOT NULL,
                cjk text NOT NULL,
                tsv tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('simple'::regconfig, title), 'A')
                    || to_tsvector('simple'::regconfig, body)
                    || to_tsvector('simple'::regconfig, cjk)) STORED
            );
            CREATE INDEX search_docs_tsv ON search_docs USING gin (tsv);
            CREATE INDEX search_docs_parent ON search_docs (parent);
            """);
    }

    /// <summary>One batch in one transaction: delete the parents' rows, binary COPY the documents, commit (what
    /// <c>ReplaceAsync</c> does in Lucene).</summary>
    public async Task ReplaceAsync(IReadOnlyCollection<string> parents, IReadOnlyList<SearchDocument> documents)
    {
        await using var connection = await Source.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var delete = new NpgsqlCommand("DELETE FROM search_docs WHERE parent = ANY($1)", connection, transaction))
        {
            delete.Parameters.Add(new NpgsqlParameter { Value = parents.ToArray() });
            await delete.ExecuteNonQueryAsync();
        }
        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY search_docs (key, parent, type, doc_id, group_id, audience, language, date, year, stakeholders, title, url, body, cjk) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var d in documents)
            {
                await importer.StartRowAsync();
                await importer.WriteAsync(d.Key, NpgsqlDbType.Text);
                await importer.WriteAsync(d.Parent, NpgsqlDbType.Text);
                await importer.WriteAsync(d.Type, NpgsqlDbType.Text);
                await importer.WriteAsync(d.Id, NpgsqlDbType.Text);
                await importer.WriteAsync(d.GroupId, NpgsqlDbType.Integer);
                await importer.WriteAsync(d.Audience, NpgsqlDbType.Text);
                await importer.WriteAsync(d.Language, NpgsqlDbType.Text);
                await importer.WriteAsync(d.Date.UtcDateTime, NpgsqlDbType.TimestampTz);
                await importer.WriteAsync(d.Date.UtcDateTime.Year, NpgsqlDbType.Integer);
                await importer.WriteAsync(d.Stakeholders.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                await importer.WriteAsync(d.Title, NpgsqlDbType.Text);
                await importer.WriteAsync(d.Url, NpgsqlDbType.Text);
                await importer.WriteAsync(d.Body, NpgsqlDbType.Text);
                await importer.WriteAsync(Bigrams(d.Title + "\n" + d.Body), NpgsqlDbType.Text);
            }
            await importer.CompleteAsync();
        }
        await transaction.CommitAsync();
    }

    public async Task AnalyzeAsync()
    {
        await using var connection = await Source.OpenConnectionAsync();
        await Execute(connection, "VACUUM ANALYZE search_docs");
    }

    public async Task<(long Table, long Index)> SizeAsync()
    {
        await using var connection = await Source.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT pg_total_relation_size('search_docs'), pg_relation_size('search_docs_tsv')", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private const string SearchSql = """
        WITH m AS MATERIALIZED (
            SELECT id, type, group_id, year, stakeholders, ts_rank_cd(tsv, q) AS rank
            FROM search_docs, (SELECT $1::tsquery AS q) query
            WHERE tsv @@ q
              AND ((group_id = ANY($2) AND audience = 'readers') OR group_id = ANY($3))
        ),
        top AS (SELECT id, rank FROM m ORDER BY rank DESC, id LIMIT $4)
        SELECT 'hit', d.key, t.rank::float8, d.type, d.doc_id, d.group_id, d.title, d.url, d.body, d.date, d.language
            FROM top t JOIN search_docs d ON d.id = t.id
        UNION ALL SELECT 'type', type, count(*), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM m GROUP BY type
        UNION ALL SELECT 'group', group_id::text, count(*), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM m GROUP BY group_id
        UNION ALL SELECT 'year', year::text, count(*), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM m GROUP BY year
        UNION ALL SELECT 'stakeholder', s, count(*), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM m, unnest(m.stakeholders) s GROUP BY s
        """;

    /// <summary>Page 1 of 20 by <c>ts_rank_cd</c>, the total and the same four facets over every visible match, in one
    /// round trip. No snippets (Lucene builds them for the 20 hits; <c>ts_headline</c> would add to PostgreSQL's time).</summary>
    public async Task<SearchResult> SearchAsync(SearchRequest request)
    {
        var tsquery = ToTsQuery(request.Query);
        var types = new Dictionary<string, long>();
        var groups = new Dictionary<int, long>();
        var years = new Dictionary<string, long>();
        var stakeholders = new Dictionary<string, long>();
        var hits = new List<(double Rank, SearchHit Hit)>();
        if (tsquery is null)
        {
            return new SearchResult(0, [], new SearchFacets(types, groups, stakeholders, years));
        }
        _queries ??= await Source.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(SearchSql, _queries);
        command.Parameters.Add(new NpgsqlParameter { Value = tsquery });
        command.Parameters.Add(new NpgsqlParameter { Value = request.ReaderGroups.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = request.FacilitatorGroups.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = request.PageSize });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var kind = reader.GetString(0);
            var value = reader.GetString(1);
            var n = reader.GetDouble(2);
            switch (kind)
            {
                case "hit":
                    hits.Add((n, new SearchHit(value, reader.GetString(3), reader.GetString(4), reader.GetInt32(5), reader.GetString(6), reader.GetString(7),
                        reader.GetString(8), reader.GetFieldValue<DateTime>(9), reader.GetString(10))));
                    break;
                case "type": types[value] = (long)n; break;
                case "group": groups[int.Parse(value, CultureInfo.InvariantCulture)] = (long)n; break;
                case "year": years[value] = (long)n; break;
                default: stakeholders[value] = (long)n; break;
            }
        }
        return new SearchResult(types.Values.Sum(), hits.OrderByDescending(h => h.Rank).Select(h => h.Hit).ToList(), new SearchFacets(types, groups, stakeholders, years));
    }

    /// <summary>The plan's first line and whether the server would JIT-compile it (server defaults are kept).</summary>
    public async Task<string> ExplainAsync(SearchRequest request)
    {
        _queries ??= await Source.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("EXPLAIN " + SearchSql, _queries);
        command.Parameters.Add(new NpgsqlParameter { Value = ToTsQuery(request.Query) ?? "" });
        command.Parameters.Add(new NpgsqlParameter { Value = request.ReaderGroups.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = request.FacilitatorGroups.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = request.PageSize });
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }
        var scan = lines.FirstOrDefault(l => l.Contains("Scan", StringComparison.Ordinal))?.Trim() ?? "";
        return $"{lines.FirstOrDefault()?.Trim()}; first scan: {scan}; JIT: {(lines.Any(l => l.TrimStart().StartsWith("JIT", StringComparison.Ordinal)) ? "yes" : "no")}";
    }

    /// <summary>A tsquery in PostgreSQL's input syntax (lexemes quoted, lower-cased as the <c>simple</c> configuration
    /// does): clauses joined by <c>&amp;</c>, a clause's terms by <c>|</c>, exclusions as <c>&amp; !</c>; a phrase or a
    /// Chinese word as <c>&lt;-&gt;</c>; a prefix as <c>:*</c>. Null when nothing is left.</summary>
    public static string? ToTsQuery(ParsedQuery query)
    {
        var required = query.Required
            .Select(c => c.AnyOf.Select(Term).Where(t => t is not null).ToList())
            .Where(c => c.Count > 0)
            .Select(c => c.Count == 1 ? c[0]! : "(" + string.Join(" | ", c) + ")")
            .ToList();
        if (required.Count == 0)
        {
            return null;
        }
        var excluded = query.Excluded.Select(Term).Where(t => t is not null).Select(t => "!(" + t + ")");
        return string.Join(" & ", required.Concat(excluded));
    }

    private static string? Term(SearchTerm term)
    {
        var lexemes = Lexemes(term.Text);
        if (lexemes.Count == 0)
        {
            return null;
        }
        if (term.IsPrefix && lexemes.Count == 1)
        {
            return lexemes[0] + ":*";
        }
        var phrase = term.IsPhrase || term.Text.Any(LuceneFields.IsHan);
        return lexemes.Count == 1 ? lexemes[0] : "(" + string.Join(phrase ? " <-> " : " & ", lexemes) + ")";
    }

    /// <summary>Words lower-cased; Han runs as overlapping bigrams (a single character alone).</summary>
    private static List<string> Lexemes(string text)
    {
        var result = new List<string>();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var i = 0;
            while (i < word.Length)
            {
                var start = i;
                var han = LuceneFields.IsHan(word[i]);
                while (i < word.Length && LuceneFields.IsHan(word[i]) == han)
                {
                    i++;
                }
                var run = word[start..i];
                if (han)
                {
                    result.AddRange(HanBigrams(run));
                }
                else
                {
                    result.Add(run.ToLowerInvariant());
                }
            }
        }
        return result.Select(l => "'" + l.Replace("'", "''", StringComparison.Ordinal) + "'").ToList();
    }

    private static IEnumerable<string> HanBigrams(string run)
    {
        if (run.Length == 1)
        {
            yield return run;
            yield break;
        }
        for (var j = 0; j + 1 < run.Length; j++)
        {
            yield return run.Substring(j, 2);
        }
    }

    /// <summary>The Han text of <paramref name="text"/> as space-separated overlapping bigrams, runs separated by a
    /// newline; everything else is dropped (it is already in the tsvector from title and body).</summary>
    public static string Bigrams(string text)
    {
        var builder = new StringBuilder(text.Length * 2);
        var i = 0;
        while (i < text.Length)
        {
            if (!LuceneFields.IsHan(text[i]))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < text.Length && LuceneFields.IsHan(text[i]))
            {
                i++;
            }
            foreach (var bigram in HanBigrams(text[start..i]))
            {
                builder.Append(bigram).Append(' ');
            }
            builder.Append('\n');
        }
        return builder.ToString();
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_queries is not null)
        {
            await _queries.DisposeAsync();
        }
        if (_source is not null)
        {
            await _source.DisposeAsync();
        }
        await using var admin = new NpgsqlConnection(_server + ";Database=postgres");
        await admin.OpenAsync();
        await Execute(admin, $"DROP DATABASE IF EXISTS \"{Database}\" WITH (FORCE)");
    }
}
