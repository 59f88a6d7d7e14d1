using System.Text;

namespace Hub.Matchmaking.Tests.Outputs.Support;

/// <summary>A content line after unfolding: name, parameters (<c>TZID</c> -> value) and raw value.</summary>
internal sealed record ContentLine(string Name, IReadOnlyDictionary<string, string> Parameters, string Value)
{
    /// <summary>The value read back as RFC 5545 TEXT.</summary>
    public string Text => ICalendarValidator.UnescapeText(Value);
}

/// <summary>A component (VCALENDAR, VTIMEZONE, STANDARD, VEVENT ...) with its properties and subcomponents.</summary>
internal sealed class Component(string name)
{
    public string Name { get; } = name;
    public List<ContentLine> Properties { get; } = [];
    public List<Component> Children { get; } = [];

    public ContentLine One(string name) => Assert.Single(Properties, p => p.Name == name);
    public IEnumerable<Component> All(string name) => Children.Where(c => c.Name == name);
}

/// <summary>
/// Checks iCalendar bytes against RFC 5545 by hand, independently of the writer: CRLF only, physical lines of at most 75
/// octets, each valid UTF-8 on its own (no character split by a fold), components nested and closed, the required
/// properties there; and hands back the unfolded components for the test's own checks.
/// </summary>
internal static class ICalendarValidator
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Component Validate(byte[] bytes)
    {
        Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, "iCalendar must not start with a BOM");
        var physical = SplitCrlf(bytes);
        var logical = new List<string>();
        foreach (var line in physical)
        {
            Assert.True(line.Length <= 75, $"a line of {line.Length} octets: {StrictUtf8.GetString(line)}");
            var text = StrictUtf8.GetString(line); // throws when a fold split a multi-byte character
            if (text.Length > 0 && text[0] is ' ' or '\t')
            {
                Assert.NotEmpty(logical);
                logical[^1] += text[1..];
            }
            else
            {
                Assert.NotEqual(0, text.Length);
                logical.Add(text);
            }
        }

        var stack = new Stack<Component>();
        Component? root = null;
        foreach (var line in logical.Select(Parse))
        {
            if (line.Name == "BEGIN")
            {
                var component = new Component(line.Value);
                if (stack.Count > 0) stack.Peek().Children.Add(component);
                else { Assert.Null(root); root = component; }
                stack.Push(component);
            }
            else if (line.Name == "END")
            {
                Assert.Equal(line.Value, stack.Pop().Name);
            }
            else
            {
                Assert.NotEmpty(stack);
                stack.Peek().Properties.Add(line);
            }
        }

        Assert.Empty(stack);
        Assert.NotNull(root);
        Assert.Equal("VCALENDAR", root.Name);
        Assert.Equal("2.0", root.One("VERSION").Value);
        Assert.NotEmpty(root.One("PRODID").Value);
        Assert.Equal("GREGORIAN", root.One("CALSCALE").Value);
        Assert.Equal("PUBLISH", root.One("METHOD").Value);

        var zones = root.All("VTIMEZONE").ToDictionary(z => z.One("TZID").Value);
        foreach (var zone in zones.Values)
        {
            var onsets = zone.Children.Where(c => c.Name is "STANDARD" or "DAYLIGHT").ToList();
            Assert.NotEmpty(onsets);
            Assert.Equal(onsets.Count, zone.Children.Count);
            foreach (var onset in onsets)
            {
                Assert.Matches(@"^\d{8}T\d{6}$", onset.One("DTSTART").Value);
                Assert.Matches(@"^[+-]\d{4}(\d{2})?$", onset.One("TZOFFSETFROM").Value);
                Assert.Matches(@"^[+-]\d{4}(\d{2})?$", onset.One("TZOFFSETTO").Value);
            }
        }

        var uids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var vevent in root.All("VEVENT"))
        {
            Assert.True(uids.Add(vevent.One("UID").Value), "UIDs must be unique within a calendar");
            Assert.Matches(@"^\d{8}T\d{6}Z$", vevent.One("DTSTAMP").Value);
            foreach (var name in new[] { "DTSTART", "DTEND" })
            {
                var time = vevent.One(name);
                Assert.Matches(@"^\d{8}T\d{6}$", time.Value);
                Assert.True(zones.ContainsKey(time.Parameters["TZID"]), $"{name} names a TZID without a VTIMEZONE");
            }
            Assert.True(string.CompareOrdinal(vevent.One("DTSTART").Value, vevent.One("DTEND").Value) < 0);
            Assert.Matches(@"^\d+$", vevent.One("SEQUENCE").Value);
            vevent.One("SUMMARY");
        }

        return root;
    }

    /// <summary>The UTC offset a VTIMEZONE gives a local time: that of the latest onset at or before it.</summary>
    public static TimeSpan OffsetAt(Component zone, string localTime)
    {
        var onset = zone.Children
            .Select(c => (Start: c.One("DTSTART").Value, To: c.One("TZOFFSETTO").Value))
            .Where(c => string.CompareOrdinal(c.Start, localTime) <= 0)
            .MaxBy(c => c.Start);
        Assert.NotNull(onset.Start);
        var sign = onset.To[0] == '-' ? -1 : 1;
        return sign * new TimeSpan(int.Parse(onset.To[1..3]), int.Parse(onset.To[3..5]), 0);
    }

    public static string UnescapeText(string value)
    {
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\') { text.Append(value[i]); continue; }
            Assert.True(i + 1 < value.Length, "a TEXT value ends in a lone backslash");
            var next = value[++i];
            text.Append(next switch { 'n' or 'N' => '\n', '\\' or ';' or ',' => next, _ => throw new Xunit.Sdk.XunitException($"'\\{next}' is not a TEXT escape") });
        }
        return text.ToString();
    }

    private static ContentLine Parse(string line)
    {
        // The value starts at the first ':' outside a quoted parameter value.
        var quoted = false;
        var colon = -1;
        for (var i = 0; i < line.Length && colon < 0; i++)
        {
            if (line[i] == '"') quoted = !quoted;
            else if (line[i] == ':' && !quoted) colon = i;
        }
        Assert.True(colon > 0, $"no ':' in '{line}'");
        var head = line[..colon].Split(';');
        Assert.Matches("^[A-Z][A-Z0-9-]*$", head[0]);
        var parameters = head.Skip(1).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var value = line[(colon + 1)..];
        if (head[0] is not ("DESCRIPTION" or "SUMMARY" or "LOCATION" or "X-WR-CALNAME"))
            Assert.DoesNotContain(value, c => char.IsControl(c));
        return new ContentLine(head[0], parameters, value);
    }

    private static List<byte[]> SplitCrlf(byte[] bytes)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == '\n') Assert.Fail($"a LF without CR at octet {i}");
            if (bytes[i] != '\r') continue;
            Assert.True(i + 1 < bytes.Length && bytes[i + 1] == '\n', $"a CR without LF at octet {i}");
            lines.Add(bytes[start..i]);
            start = i + 2;
            i++;
        }
        Assert.Equal(bytes.Length, start); // the last line ends with CRLF too
        return lines;
    }
}
