namespace Hub.Benchmarks.Reporting;

/// <summary><c>docs/benchmarks.md</c>: one <c>## </c> section per benchmark, each replaced whole by its own harness.</summary>
public static class BenchmarksDocument
{
    private static readonly string[] NewDocument =
    [
        "# Benchmarks",
        "",
        "Figures from `tests/Hub.Benchmarks`, run in Release; each section says how it was measured and on what.",
    ];

    /// <summary>Replaces the section that starts with <paramref name="section"/>'s first line (its heading), or appends it.</summary>
    public static void ReplaceSection(string path, string section)
    {
        var replacement = section.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var heading = replacement[0].TrimEnd();
        var lines = File.Exists(path) ? File.ReadAllLines(path).ToList() : [.. NewDocument];

        var start = lines.FindIndex(l => l.TrimEnd() == heading);
        if (start < 0)
        {
            while (lines.Count > 0 && lines[^1].Trim().Length == 0) lines.RemoveAt(lines.Count - 1);
            lines.Add("");
            lines.AddRange(replacement);
        }
        else
        {
            var end = NextHeading(lines, start + 1);
            var followed = end < lines.Count;
            lines.RemoveRange(start, end - start);
            lines.InsertRange(start, followed ? [.. replacement, ""] : replacement);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, string.Join('\n', lines).TrimEnd() + "\n");
    }

    private static int NextHeading(List<string> lines, int from)
    {
        var fenced = false;
        for (var i = from; i < lines.Count; i++)
        {
            if (lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal)) fenced = !fenced;
            else if (!fenced && (lines[i].StartsWith("## ", StringComparison.Ordinal) || lines[i].StartsWith("# ", StringComparison.Ordinal))) return i;
        }
        return lines.Count;
    }
}
