using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Hub.Core.Storage;
using Hub.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Hub.Embedded.ReadStore;

/// <summary>
/// JSON documents in SQLite with Cosmos-like semantics: (container, partition key, id) addressing, an ETag that
/// changes on every write, conditional writes, and keyset-paged queries with opaque continuation tokens.
/// </summary>
public sealed class SqliteReadStore(SqliteDatabase database, SqliteReaders readers, SqliteWriter writer) : IReadStore
{
    // Seeded from the clock so ETags stay unique across restarts.
    private static long s_lastETag = DateTime.UtcNow.Ticks;

    private static string NextETag() => ETag(Interlocked.Increment(ref s_lastETag));

    /// <summary><c>"</c>hex<c>"</c> in one allocation.</summary>
    private static string ETag(long value) =>
        string.Create(Math.Max(1, (67 - BitOperations.LeadingZeroCount((ulong)value)) / 4) + 2, value, static (span, v) =>
        {
            span[0] = '"';
            v.TryFormat(span[1..^1], out _, "x", CultureInfo.InvariantCulture);
            span[^1] = '"';
        });

    public Task<StoredDocument?> GetAsync(string container, string partitionKey, string id, CancellationToken cancellationToken = default)
    {
        ReadStoreKeys.Validate(partitionKey, id);
        return Task.FromResult(readers.Read(ctx =>
        {
            var command = ctx.Command("SELECT etag, body FROM documents WHERE container = $c AND pk = $pk AND id = $id", "$c", "$pk", "$id");
            command.Parameters["$c"].Value = container;
            command.Parameters["$pk"].Value = partitionKey;
            command.Parameters["$id"].Value = id;
            using var reader = command.ExecuteReader();
            return reader.Read() ? new StoredDocument(container, partitionKey, id, reader.GetString(1), reader.GetString(0)) : null;
        }));
    }

    public Task<WriteOutcome> UpsertAsync(string container, string partitionKey, string id, string json, WriteCondition condition, CancellationToken cancellationToken = default)
    {
        ReadStoreKeys.Validate(partitionKey, id);
        var etag = NextETag();
        return writer.WriteAsync(ctx =>
        {
            SqliteCommand command;
            if (condition.IfMatchETag is { } expected)
            {
                command = ctx.Command("UPDATE documents SET etag = $etag, body = $body, version = NULL WHERE container = $c AND pk = $pk AND id = $id AND etag = $expected",
                    "$etag", "$body", "$c", "$pk", "$id", "$expected");
                command.Parameters["$expected"].Value = expected;
            }
            else if (condition.IfNotExists)
            {
                command = ctx.Command("INSERT INTO documents(container, pk, id, etag, body) VALUES($c, $pk, $id, $etag, $body) ON CONFLICT DO NOTHING",
                    "$etag", "$body", "$c", "$pk", "$id");
            }
            else
            {
                command = ctx.Command("""
                    INSERT INTO documents(container, pk, id, etag, body) VALUES($c, $pk, $id, $etag, $body)
                    ON CONFLICT(container, pk, id) DO UPDATE SET etag = excluded.etag, body = excluded.body, version = NULL
                    """, "$etag", "$body", "$c", "$pk", "$id");
            }
            command.Parameters["$etag"].Value = etag;
            command.Parameters["$body"].Value = json;
            command.Parameters["$c"].Value = container;
            command.Parameters["$pk"].Value = partitionKey;
            command.Parameters["$id"].Value = id;
            return command.ExecuteNonQuery() == 1 ? WriteOutcome.Written(etag) : WriteOutcome.ConditionFailed;
        });
    }

    // A plain upsert leaves version NULL, which loses to any version; "newer" is strictly greater, so a call repeated writes nothing.
    // A stored version beyond 2^53 - 1 was written before versions were bounded (stock levels packed as-of << 32) and
    // counts as older than any too, or every level stored then would outrank every report after.
    private const string UpsertNewerSql = """
        INSERT INTO documents(container, pk, id, etag, body, version) VALUES($c, $pk, $id, $etag, $body, $version)
        ON CONFLICT(container, pk, id) DO UPDATE SET etag = excluded.etag, body = excluded.body, version = excluded.version
        WHERE documents.version IS NULL OR documents.version > 9007199254740991 OR excluded.version > documents.version
        """;

    /// <summary>
    /// One writer work item, so one transaction, for the whole call (the writer is busy for its length: about 4.5 s
    /// for a million documents on two cores), through one prepared statement whose parameters are set in place: the
    /// only allocation per document in this code is its ETag (Microsoft.Data.Sqlite's binding allocates its own).
    /// </summary>
    public Task<int> UpsertNewerAsync(string container, IReadOnlyList<VersionedDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(documents);
        cancellationToken.ThrowIfCancellationRequested();
        // All checked before the transaction starts, so that a refused document leaves the whole call unwritten.
        foreach (var document in documents)
        {
            ArgumentNullException.ThrowIfNull(document, nameof(documents));
            ReadStoreKeys.Validate(document.PartitionKey, document.Id);
            ReadStoreKeys.ValidateVersion(document.Version, document.Id);
        }
        if (documents.Count == 0) return Task.FromResult(0);
        return writer.WriteAsync(ctx =>
        {
            var command = ctx.Command(UpsertNewerSql, "$c", "$pk", "$id", "$etag", "$body", "$version");
            var parameters = command.Parameters;
            SqliteParameter c = parameters["$c"], pk = parameters["$pk"], id = parameters["$id"], etag = parameters["$etag"],
                body = parameters["$body"], version = parameters["$version"];
            // One box for the call, its long overwritten in place for each document instead of boxing each version
            // anew: the parameter only reads it when ExecuteNonQuery binds, and nothing else holds it.
            var boxedVersion = (object)0L;
            c.Value = container;
            version.Value = boxedVersion;
            // The call's ETags reserved at once; taken inside the work, so a run again after a rollback gets fresh ones.
            var lastETag = Interlocked.Add(ref s_lastETag, documents.Count) - documents.Count;
            var written = 0;
            try
            {
                for (var i = 0; i < documents.Count; i++)
                {
                    if ((i & 0xfff) == 0) cancellationToken.ThrowIfCancellationRequested();
                    var document = documents[i];
                    pk.Value = document.PartitionKey;
                    id.Value = document.Id;
                    body.Value = document.Json;
                    Unsafe.Unbox<long>(boxedVersion) = document.Version;
                    etag.Value = ETag(++lastETag);
                    if (command.ExecuteNonQuery() == 1) written++;
                }
            }
            finally
            {
                // The command outlives the call (the writer keeps it prepared); it should not keep the caller's strings alive.
                c.Value = pk.Value = id.Value = etag.Value = body.Value = version.Value = null;
            }
            return written;
        });
    }

    public Task<bool> DeleteAsync(string container, string partitionKey, string id, CancellationToken cancellationToken = default)
    {
        ReadStoreKeys.Validate(partitionKey, id);
        return writer.WriteAsync(ctx =>
        {
            var command = ctx.Command("DELETE FROM documents WHERE container = $c AND pk = $pk AND id = $id", "$c", "$pk", "$id");
            command.Parameters["$c"].Value = container;
            command.Parameters["$pk"].Value = partitionKey;
            command.Parameters["$id"].Value = id;
            return command.ExecuteNonQuery() == 1;
        });
    }

    public async Task<DocumentPage> QueryAsync(DocumentQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pageSize = Math.Clamp(query.PageSize, 1, 1000);
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        Prepare(command, query, pageSize);

        var items = new List<StoredDocument>(pageSize);
        var more = false;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (items.Count == pageSize) { more = true; break; }
            items.Add(new StoredDocument(query.Container, reader.GetString(0), reader.GetString(1), reader.GetString(3), reader.GetString(2)));
        }
        var token = more ? ContinuationToken.Write(query, items[^1].PartitionKey, items[^1].Id) : null;
        return new DocumentPage(items, token);
    }

    /// <summary>SQLite's plan for <paramref name="query"/> (the <c>detail</c> lines of <c>EXPLAIN QUERY PLAN</c>), for tests and diagnostics.</summary>
    public async Task<IReadOnlyList<string>> ExplainQueryPlanAsync(DocumentQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        Prepare(command, query, Math.Clamp(query.PageSize, 1, 1000));
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) plan.Add(reader.GetString(3));
        return plan;
    }

    /// <summary>The SQL and parameters of a query page: one row more than <paramref name="pageSize"/>, to tell whether another page follows.</summary>
    private static void Prepare(SqliteCommand command, DocumentQuery query, int pageSize)
    {
        var sql = new StringBuilder("SELECT pk, id, etag, body FROM documents WHERE container = $c");
        command.Parameters.AddWithValue("$c", query.Container);
        if (query.PartitionKey is not null)
        {
            sql.Append(" AND pk = $pk");
            command.Parameters.AddWithValue("$pk", query.PartitionKey);
        }
        // With $c bound to the stock-levels container, SQLite re-plans for the bound value and can use the partial
        // index documents_by_id (id, pk), which also yields the rows in (pk, id) order.
        if (query.Id is not null)
        {
            sql.Append(" AND id = $id");
            command.Parameters.AddWithValue("$id", query.Id);
        }
        for (var i = 0; i < query.Filters.Count; i++)
        {
            var filter = query.Filters[i];
            var op = filter.Operator switch
            {
                FilterOperator.Equal => "=",
                FilterOperator.GreaterOrEqual => ">=",
                FilterOperator.LessOrEqual => "<=",
                _ => throw new ArgumentOutOfRangeException(nameof(query), filter.Operator, "Unknown filter operator."),
            };
            sql.Append($" AND json_extract(body, '{JsonPath(filter.Path)}') {op} $f{i}");
            // Microsoft.Data.Sqlite binds a decimal as TEXT, and SQLite orders every TEXT above every number.
            command.Parameters.AddWithValue($"$f{i}", filter.Value switch { bool b => b ? 1 : 0, decimal d => (double)d, var v => v });
        }
        if (query.ContinuationToken is not null)
        {
            var (afterPk, afterId) = ContinuationToken.Read(query, query.ContinuationToken);
            // With one id, (pk, id) > (afterPk, id) is pk > afterPk, a range the index can seek to.
            if (query.Id is not null) sql.Append(" AND pk > $afterPk");
            else
            {
                sql.Append(" AND (pk, id) > ($afterPk, $afterId)");
                command.Parameters.AddWithValue("$afterId", afterId);
            }
            command.Parameters.AddWithValue("$afterPk", afterPk);
        }
        sql.Append(" ORDER BY pk, id LIMIT $limit");
        command.Parameters.AddWithValue("$limit", pageSize + 1);
        command.CommandText = sql.ToString();
    }

    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = database.Open();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false)) == 1;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    /// <summary>Dotted identifiers only: a path is spliced into SQL, so nothing else may pass.</summary>
    internal static string JsonPath(string path)
    {
        foreach (var segment in path.Split('.'))
            if (segment.Length == 0 || !(char.IsAsciiLetter(segment[0]) || segment[0] == '_') || !segment.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                throw new ArgumentException($"Query path '{path}' is not a dotted identifier path.", nameof(path));
        return "$." + path;
    }

    /// <summary>
    /// The last (partition key, id) returned, with a check over it and the query it pages, so that a tampered token, or
    /// one from another query, is refused instead of quietly paging from somewhere else.
    /// </summary>
    private static class ContinuationToken
    {
        public static string Write(DocumentQuery query, string pk, string id) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(pk + "\u001f" + id + "\u001f" + Check(query, pk, id))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static (string Pk, string Id) Read(DocumentQuery query, string token)
        {
            try
            {
                var base64 = token.Replace('-', '+').Replace('_', '/');
                base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
                var parts = Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split('\u001f');
                if (parts.Length == 3 && parts[2] == Check(query, parts[0], parts[1])) return (parts[0], parts[1]);
            }
            catch (FormatException) { }
            throw new InvalidContinuationTokenException("The continuation token is not one this API issued for this query.");
        }

        private static string Check(DocumentQuery query, string pk, string id)
        {
            var text = new StringBuilder().Append(query.Container).Append('\u001f').Append(query.PartitionKey);
            foreach (var filter in query.Filters)
                text.Append('\u001f').Append(filter.Path).Append('\u001e').Append(filter.Operator).Append('\u001e')
                    .Append(Convert.ToString(filter.Value, CultureInfo.InvariantCulture));
            // Only when set, so that tokens of queries without an id read as before; '=' cannot start a filter path.
            if (query.Id is not null) text.Append('\u001f').Append("=id\u001e").Append(query.Id);
            text.Append('\u001f').Append(pk).Append('\u001f').Append(id);
            return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())), 0, 8);
        }
    }
}
