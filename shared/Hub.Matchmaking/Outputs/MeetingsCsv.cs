using System.Globalization;
using Hub.Core.Text;
using Hub.Matchmaking.Storage;

namespace Hub.Matchmaking.Outputs;

/// <summary>
/// meetings.csv of a completed run: every meeting once, ordered by day, start and table, UTF-8 with a BOM, CRLF, RFC 4180
/// quoting and formula neutralising (<see cref="SpreadsheetCsv"/>): companies and reasons are the participants' own text.
/// </summary>
/// <remarks>
/// Bounded memory whatever the run's size: the exhibitors' documents are read in passes, each keeping only the meetings of
/// a window of slots. No slot holds more meetings than the expo has tables (a hard constraint), so a window of
/// <c>budget / tables</c> slots holds at most <c>budget</c> meetings; a large run costs more passes, not more memory.
/// </remarks>
public static class MeetingsCsv
{
    public const string Header = "day,start,end,table,exhibitor_id,exhibitor,buyer_id,buyer,score,reasons";

    /// <summary>The most meetings one pass holds (about 2 KB each with their reasons).</summary>
    public const int DefaultMeetingsPerPass = 20_000;

    /// <param name="slots">How many slots the expo's grid has (<c>SlotGrid.Count</c>); meetings beyond it go in the last pass.</param>
    /// <param name="tables">The expo's tables: the most meetings a slot holds.</param>
    public static async Task WriteAsync(MeetingsReader reader, string resultPartition, int slots, int tables, Stream destination,
        CancellationToken cancellationToken, int meetingsPerPass = DefaultMeetingsPerPass)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(destination);
        var slotsPerPass = Math.Max(1, meetingsPerPass / Math.Max(1, tables));
        // Rows are written into a small buffer and copied to the destination asynchronously: a response body (Kestrel,
        // the Functions host) refuses synchronous writes, which a StreamWriter straight over it would make when it fills.
        using var buffer = new MemoryStream();
        var writer = SpreadsheetCsv.Open(buffer, Header);
        await using (writer.ConfigureAwait(false))
        {
            for (var first = 0; first == 0 || first < slots; first += slotsPerPass)
            {
                var last = first + slotsPerPass >= slots ? int.MaxValue : first + slotsPerPass;
                var window = new List<MeetingEntry>();
                await foreach (var exhibitor in reader.ExhibitorsAsync(resultPartition, cancellationToken).ConfigureAwait(false))
                    foreach (var meeting in exhibitor.Meetings)
                        if (meeting.Slot >= first && meeting.Slot < last) window.Add(meeting);

                window.Sort(static (a, b) => (a.Day, a.Start, a.Table).CompareTo((b.Day, b.Start, b.Table)));
                for (var i = 0; i < window.Count; i++)
                {
                    Write(writer, window[i]);
                    if (i % RowsPerCopy == RowsPerCopy - 1) await CopyAsync(writer, buffer, destination, cancellationToken).ConfigureAwait(false);
                }
                await CopyAsync(writer, buffer, destination, cancellationToken).ConfigureAwait(false);
            }
        }
        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private const int RowsPerCopy = 256;

    private static async Task CopyAsync(StreamWriter writer, MemoryStream buffer, Stream destination, CancellationToken cancellationToken)
    {
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        await destination.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
        buffer.SetLength(0);
    }

    public static void Write(TextWriter writer, MeetingEntry meeting)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(meeting);
        writer.Write(MeetingFormat.Day(meeting.Day));
        writer.Write(',');
        writer.Write(MeetingFormat.Time(meeting.Start));
        writer.Write(',');
        writer.Write(MeetingFormat.Time(meeting.End));
        writer.Write(',');
        writer.Write(meeting.Table.ToString(CultureInfo.InvariantCulture));
        writer.Write(',');
        SpreadsheetCsv.WriteField(writer, meeting.ExhibitorId, neutralise: true);
        writer.Write(',');
        SpreadsheetCsv.WriteField(writer, meeting.ExhibitorCompany, neutralise: true);
        writer.Write(',');
        SpreadsheetCsv.WriteField(writer, meeting.BuyerId, neutralise: true);
        writer.Write(',');
        SpreadsheetCsv.WriteField(writer, meeting.BuyerCompany, neutralise: true);
        writer.Write(',');
        writer.Write(MeetingFormat.Score(meeting.Score));
        writer.Write(',');
        SpreadsheetCsv.WriteField(writer, MeetingFormat.Reasons(meeting.Reasons, "; "), neutralise: true);
        writer.WriteLine();
    }
}
