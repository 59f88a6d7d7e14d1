using Hub.Testing.Http;
using Hub.Matchmaking.Outputs;
using Hub.Matchmaking.Storage;
using Hub.Matchmaking.Tests.Outputs.Support;
using Microsoft.AspNetCore.Http;
using static Hub.Matchmaking.Tests.Outputs.Support.OutputsWorld;

namespace Hub.Matchmaking.Tests.Outputs;

public sealed class when_meetings_csv_is_downloaded : IAsyncLifetime
{
    private readonly OutputsWorld _world = new();
    private readonly Hub.Matchmaking.Model.Expo _expo = Expos.InHangzhou;

    public async ValueTask InitializeAsync()
    {
        await _world.PutExpoAsync(_expo);
        await _world.PutParticipantsAsync(_expo.ExpoId, Expos.Everyone);
        await _world.PutCompletedRunAsync(_expo, "run-1", Expos.Everyone, Expos.Meetings(_expo));
    }

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    private async Task<HttpAnswer> CsvAsync(string? key = ReaderKey, string runId = "run-1", string? expoId = null)
    {
        var context = HttpExchange.Get(key);
        return await (await _world.Endpoints.GetCsvAsync(context.Request, expoId ?? _expo.ExpoId, runId, Ct)).AnswerAsync(context);
    }

    /// <summary>An RFC 4180 reader, independent of the writer: quoted fields, doubled quotes, line breaks inside quotes.</summary>
    private static List<List<string>> Parse(string csv)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n') { row.Add(field.ToString()); field.Clear(); rows.Add(row); row = []; i++; }
            else field.Append(c);
        }
        Assert.False(quoted, "a quote is left open");
        Assert.Empty(row);
        Assert.Equal(0, field.Length);
        return rows;
    }

    [Fact]
    public async Task it_is_utf8_with_a_bom_and_crlf_line_ends_only()
    {
        var answer = await CsvAsync();

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        Assert.Equal("text/csv; charset=utf-8", answer.ContentType);
        Assert.Contains("meetings.csv", answer.ContentDisposition);
        Assert.True(answer.HasBom);
        var body = answer.Body;
        Assert.EndsWith("\r\n", body);
        // Every LF ends a CRLF, except the one inside the quoted company name that holds its own line break.
        var outsideQuotes = body.Replace("Tab\tand\r\nline break Co.", "", StringComparison.Ordinal);
        Assert.Equal(outsideQuotes.Count(c => c == '\n'), outsideQuotes.Split("\r\n").Length - 1);
        Assert.StartsWith(MeetingsCsv.Header + "\r\n", body);
    }

    [Fact]
    public async Task every_meeting_comes_once_ordered_by_day_start_and_table()
    {
        var rows = Parse((await CsvAsync()).Body);

        Assert.Equal(["day", "start", "end", "table", "exhibitor_id", "exhibitor", "buyer_id", "buyer", "score", "reasons"], rows[0]);
        Assert.Equal(
        [
            "2026-05-20 09:00 1 E2 B2", "2026-05-20 09:00 2 E1 B1", "2026-05-20 09:00 3 E3 B3", "2026-05-20 09:20 1 E1 B2",
            "2026-05-20 10:40 1 E2 B4", "2026-05-21 09:00 2 E3 B1", "2026-05-21 09:20 1 E1 B3",
        ], rows.Skip(1).Select(r => $"{r[0]} {r[1]} {r[3]} {r[4]} {r[6]}"));
        Assert.All(rows.Skip(1), r => Assert.Equal(10, r.Count));
    }

    [Fact]
    public async Task chinese_commas_and_quotes_survive_quoting()
    {
        var rows = Parse((await CsvAsync()).Body);

        var chinese = rows.Single(r => r[4] == "E1" && r[6] == "B1");
        Assert.Equal("杭州海宝泵业有限公司", chinese[5]);
        Assert.Equal("09:20", chinese[2]);
        Assert.Equal("61.5", chinese[8]);
        Assert.Equal("HS 8413 match (+30); both speak zh, 中文交流 (+10); requested by buyer #1; =cmd|' /C calc'!A0 (+21.5)", chinese[9]);
        Assert.Equal("Acme, \"Pumps\" Ltd", rows.Single(r => r[4] == "E3" && r[6] == "B3")[5]);
        Assert.Equal("Tab\tand\r\nline break Co.", rows.Single(r => r[6] == "B4")[7]);
        Assert.Contains("\"Acme, \"\"Pumps\"\" Ltd\"", (await CsvAsync()).Body);
    }

    [Theory]
    [InlineData("E2", "exhibitor", "'=HYPERLINK(\"http://evil.example\",\"click\")")]
    [InlineData("B1", "buyer", "'+1 Trading Sdn Bhd")]
    [InlineData("B2", "buyer", "'-2 GmbH")]
    [InlineData("B3", "buyer", "'@SUM(A1:A9) Imports")]
    public async Task a_company_that_starts_like_a_formula_is_shown_as_text(string participantId, string column, string expected)
    {
        var rows = Parse((await CsvAsync()).Body);
        var index = rows[0].IndexOf(column);

        Assert.All(rows.Skip(1).Where(r => r[index - 1] == participantId), r => Assert.Equal(expected, r[index]));
        Assert.Contains(rows.Skip(1), r => r[index - 1] == participantId);
        // No field of the file starts like a formula any more.
        Assert.DoesNotContain(rows.Skip(1).SelectMany(r => r), f => f.Length > 0 && "=+-@\t\r".Contains(f[0]));
    }

    [Fact]
    public async Task the_quote_that_neutralises_a_formula_goes_inside_the_fields_own_quotes()
    {
        var body = (await CsvAsync()).Body;

        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",", body);
    }

    [Fact]
    public async Task any_number_of_passes_writes_the_same_file()
    {
        var slots = new Hub.Matchmaking.Model.SlotGrid(_expo).Count;
        var partition = MatchmakingRun.PartitionOf(_expo.ExpoId, "run-1", 1);
        using var onePass = new MemoryStream();
        using var slotBySlot = new MemoryStream();

        await MeetingsCsv.WriteAsync(_world.Reader, partition, slots, _expo.Tables, onePass, Ct);
        await MeetingsCsv.WriteAsync(_world.Reader, partition, slots, _expo.Tables, slotBySlot, Ct, meetingsPerPass: 1);

        Assert.Equal(8, Parse(System.Text.Encoding.UTF8.GetString(onePass.ToArray().AsSpan(3))).Count);
        Assert.Equal(onePass.ToArray(), slotBySlot.ToArray());
    }

    [Fact]
    public async Task it_is_written_to_the_response_body_with_asynchronous_writes_only()
    {
        var slots = new Hub.Matchmaking.Model.SlotGrid(_expo).Count;
        var partition = MatchmakingRun.PartitionOf(_expo.ExpoId, "run-1", 1);
        using var buffered = new MemoryStream();
        using var body = new AsyncOnlyStream();

        await MeetingsCsv.WriteAsync(_world.Reader, partition, slots, _expo.Tables, buffered, Ct);
        await MeetingsCsv.WriteAsync(_world.Reader, partition, slots, _expo.Tables, body, Ct, meetingsPerPass: 1);

        Assert.Equal(buffered.ToArray(), body.ToArray());
    }

    [Fact]
    public async Task a_run_with_no_meetings_is_the_header_alone()
    {
        await _world.PutCompletedRunAsync(_expo, "empty", Expos.Everyone, []);

        var answer = await CsvAsync(runId: "empty");

        Assert.Equal(MeetingsCsv.Header + "\r\n", answer.Body);
        Assert.True(answer.HasBom);
    }

    [Fact]
    public async Task a_run_still_running_answers_409_and_unknown_ones_404()
    {
        await _world.PutRunAsync(new MatchmakingRun(_expo.ExpoId, "run-2", MatchmakingRunStatuses.Running, DateTimeOffset.UnixEpoch, PreserveExisting: false, Attempt: 1));

        Assert.Equal(StatusCodes.Status409Conflict, (await CsvAsync(runId: "run-2")).Status);
        Assert.Equal(StatusCodes.Status404NotFound, (await CsvAsync(runId: "run-3")).Status);
        Assert.Equal(StatusCodes.Status404NotFound, (await CsvAsync(OtherOrganiserKey)).Status);
        Assert.Equal(StatusCodes.Status403Forbidden, (await CsvAsync(OperatorKey)).Status);
        Assert.Equal(StatusCodes.Status200OK, (await CsvAsync(OrganiserKey)).Status);
    }
}

/// <summary>A response body as Kestrel gives it: synchronous writes and flushes throw.</summary>
internal sealed class AsyncOnlyStream : Stream
{
    private readonly MemoryStream _written = new();

    public byte[] ToArray() => _written.ToArray();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _written.Length;
    public override long Position { get => _written.Position; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("Synchronous operations are disallowed.");
    public override void Flush() => throw new InvalidOperationException("Synchronous operations are disallowed.");
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _written.WriteAsync(buffer, cancellationToken);

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override void Dispose(bool disposing)
    {
        if (disposing) _written.Dispose();
        base.Dispose(disposing);
    }
}
