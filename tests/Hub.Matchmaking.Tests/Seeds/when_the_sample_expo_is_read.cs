using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hub.Testing;

namespace Hub.Matchmaking.Tests.Seeds;

/// <summary>
/// The sample expo of seeds/expos/gdte-2026 that <c>--demo</c> registers: well-formed, with the agreed field names, and
/// consistent (HS codes, requests and blocks naming exhibitors of the file, availability inside opening hours). Registration
/// parses these files the same way the routes do; this test holds the files to the agreed shapes on their own.
/// </summary>
public sealed partial class when_the_sample_expo_is_read
{
    private static readonly string Folder = Path.Combine(RepositoryPaths.Seeds, "expos", "gdte-2026");

    private static readonly string[] ParticipantFields =
        ["id", "company", "country", "categories", "keywords", "targetMarkets", "languages", "certifications", "maxMeetings", "availability"];

    private static readonly string[] BuyerOnlyFields = ["interests", "requiredCertifications", "requests", "blocked"];

    private static readonly string[] Countries = ["CN", "MY", "BE", "DE", "AE", "TH", "BR", "US"];

    [GeneratedRegex(@"^\d{2,10}$")]
    private static partial Regex HsCode();

    [GeneratedRegex(@"^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})-(\d{2}:\d{2})$")]
    private static partial Regex AvailabilityItem();

    private static JsonElement Json(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, file), Encoding.UTF8));
        return document.RootElement.Clone();
    }

    private static Dictionary<DateOnly, (TimeOnly Opens, TimeOnly Closes)> OpeningHours() =>
        Json("expo.json").GetProperty("days").EnumerateArray().ToDictionary(
            d => DateOnly.ParseExact(d.GetProperty("date").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            d => (Time(d.GetProperty("opens").GetString()!), Time(d.GetProperty("closes").GetString()!)));

    private static TimeOnly Time(string text) => TimeOnly.ParseExact(text, "HH:mm", CultureInfo.InvariantCulture);

    /// <summary>buyers.csv as rows of named fields, read by an RFC 4180 reader of the test's own.</summary>
    private static List<Dictionary<string, string>> Buyers()
    {
        var text = File.ReadAllText(Path.Combine(Folder, "buyers.csv"), new UTF8Encoding(false, throwOnInvalidBytes: true));
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\n' || (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n'))
            {
                if (c == '\r') i++;
                row.Add(field.ToString()); field.Clear(); rows.Add(row); row = [];
            }
            else field.Append(c);
        }
        Assert.False(quoted);
        if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add(row); }
        var header = rows[0];
        Assert.All(rows, r => Assert.Equal(header.Count, r.Count));
        return [.. rows.Skip(1).Select(r => header.Zip(r).ToDictionary(p => p.First, p => p.Second))];
    }

    private static string[] List(string field) => field.Length == 0 ? [] : field.Split(';', '|');

    [Fact]
    public void the_expo_is_in_hangzhou_time_over_two_days_with_twenty_minute_slots()
    {
        var expo = Json("expo.json");

        Assert.Equal(["name", "timeZone", "days", "slotMinutes", "tables", "exhibitorMaxMeetings", "buyerMaxMeetings"], expo.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Asia/Shanghai", expo.GetProperty("timeZone").GetString());
        Assert.NotNull(TimeZoneInfo.FindSystemTimeZoneById(expo.GetProperty("timeZone").GetString()!));
        Assert.Equal(20, expo.GetProperty("slotMinutes").GetInt32());
        Assert.InRange(expo.GetProperty("tables").GetInt32(), 5, 20);
        var days = OpeningHours();
        Assert.Equal(2, days.Count);
        Assert.All(days.Values, d => Assert.True(d.Opens < d.Closes));
    }

    [Fact]
    public void exhibitors_have_the_agreed_fields_unique_ids_chinese_and_english_names_and_real_hs_codes()
    {
        var exhibitors = Json("exhibitors.json").EnumerateArray().ToList();

        Assert.InRange(exhibitors.Count, 25, 40);
        Assert.All(exhibitors, e => Assert.Empty(e.EnumerateObject().Select(p => p.Name).Except(ParticipantFields)));
        Assert.All(exhibitors, e => Assert.Subset(e.EnumerateObject().Select(p => p.Name).ToHashSet(), ParticipantFields.Take(8).ToHashSet()));
        Assert.Equal(exhibitors.Count, exhibitors.Select(e => e.GetProperty("id").GetString()).Distinct().Count());
        Assert.All(exhibitors.SelectMany(e => e.GetProperty("categories").EnumerateArray()), c => Assert.Matches(HsCode(), c.GetString()!));
        Assert.All(exhibitors, e => Assert.Contains(e.GetProperty("country").GetString(), Countries));
        Assert.All(exhibitors.SelectMany(e => e.GetProperty("targetMarkets").EnumerateArray()), c => Assert.Contains(c.GetString(), Countries));
        Assert.Contains(exhibitors, e => e.GetProperty("company").GetString()!.Any(c => c >= '\u4e00' && c <= '\u9fff'));
        Assert.Contains(exhibitors, e => e.GetProperty("company").GetString()!.All(char.IsAscii));
        // The codes the sample promises: pumps, machine tools, LED lighting, textiles, tea, furniture, batteries and EV parts.
        var headings = exhibitors.SelectMany(e => e.GetProperty("categories").EnumerateArray()).Select(c => c.GetString()![..4]).ToHashSet();
        Assert.Subset(headings, new HashSet<string> { "8413", "8458", "8459", "9405", "6109", "6204", "0902", "9403", "8507", "8708" });
    }

    [Fact]
    public void buyers_csv_has_the_agreed_columns_and_every_code_and_country_is_well_formed()
    {
        var buyers = Buyers();

        Assert.InRange(buyers.Count, 30, 50);
        Assert.Equal([.. ParticipantFields, .. BuyerOnlyFields], buyers[0].Keys);
        Assert.Equal(buyers.Count, buyers.Select(b => b["id"]).Distinct().Count());
        Assert.All(buyers, b => Assert.Contains(b["country"], Countries));
        Assert.True(buyers.Select(b => b["country"]).Distinct().Count() >= 7);
        Assert.All(buyers, b => Assert.NotEmpty(List(b["interests"])));
        Assert.All(buyers.SelectMany(b => List(b["interests"]).Concat(List(b["categories"]))), c => Assert.Matches(HsCode(), c));
        Assert.All(buyers.Where(b => b["maxMeetings"].Length > 0), b => Assert.InRange(int.Parse(b["maxMeetings"], CultureInfo.InvariantCulture), 1, 50));
    }

    [Fact]
    public void every_request_and_block_names_an_exhibitor_of_the_file_and_some_buyers_use_each()
    {
        var exhibitorIds = Json("exhibitors.json").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToHashSet();
        var buyers = Buyers();

        Assert.All(buyers.SelectMany(b => List(b["requests"]).Concat(List(b["blocked"]))), id => Assert.Contains(id, exhibitorIds));
        Assert.All(buyers, b => Assert.Empty(List(b["requests"]).Intersect(List(b["blocked"]))));
        Assert.All(buyers, b => Assert.Equal(List(b["requests"]).Length, List(b["requests"]).Distinct().Count()));
        Assert.True(buyers.Count(b => List(b["requests"]).Length > 0) >= 20);
        Assert.Contains(buyers, b => List(b["blocked"]).Length > 0);
    }

    [Fact]
    public void every_availability_lies_inside_the_opening_hours_and_some_is_partial()
    {
        var days = OpeningHours();
        var windows = new List<(DateOnly Day, TimeOnly From, TimeOnly To)>();
        foreach (var exhibitor in Json("exhibitors.json").EnumerateArray())
            if (exhibitor.TryGetProperty("availability", out var availability))
                windows.AddRange(availability.EnumerateArray().Select(a => (
                    DateOnly.ParseExact(a.GetProperty("day").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                    Time(a.GetProperty("from").GetString()!), Time(a.GetProperty("to").GetString()!))));
        foreach (var buyer in Buyers())
            foreach (var item in List(buyer["availability"]))
            {
                var match = AvailabilityItem().Match(item);
                Assert.True(match.Success, $"{buyer["id"]}: '{item}'");
                windows.Add((DateOnly.ParseExact(match.Groups[1].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture), Time(match.Groups[2].Value), Time(match.Groups[3].Value)));
            }

        Assert.True(windows.Count >= 8);
        Assert.All(windows, w =>
        {
            Assert.True(days.TryGetValue(w.Day, out var open), $"{w.Day} is not an expo day");
            Assert.True(w.From < w.To && w.From >= open.Opens && w.To <= open.Closes, $"{w.Day} {w.From}-{w.To} is outside {open.Opens}-{open.Closes}");
        });
    }
}
