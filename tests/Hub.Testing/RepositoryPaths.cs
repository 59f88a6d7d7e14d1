namespace Hub.Testing;

/// <summary>Finds the repository from a test's output folder, so tests use the real seeds and build outputs.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Seeds => Path.Combine(Root, "seeds");
    public static string SeedRegistry => Path.Combine(Seeds, "registry.json");

    /// <summary>The configuration this test assembly was built in (Debug or Release), read from its own path.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Hub.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No Hub.sln above {AppContext.BaseDirectory}.");
    }
}
