using System.Globalization;

namespace Hub.Standalone.Demo;

/// <summary>Where a demo run keeps its state: a folder of its own (<paramref name="Fresh"/>), or the one the user gave.</summary>
public sealed record DemoDataFolder(string Path, bool Fresh)
{
    /// <summary><c>{parent}/demo-{yyyyMMdd-HHmmss}</c>, created now; a suffix when two runs start within the same second.</summary>
    public static DemoDataFolder CreateFresh(string parent, DateTimeOffset now)
    {
        var name = "demo-" + now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        for (var n = 1; ; n++)
        {
            var path = System.IO.Path.Combine(parent, n == 1 ? name : $"{name}-{n}");
            if (Directory.Exists(path)) continue;
            Directory.CreateDirectory(path);
            return new DemoDataFolder(path, Fresh: true);
        }
    }
}
