namespace Hub.Standalone;

/// <summary>Standalone's own command-line switches, on top of ASP.NET's (<c>--urls</c> and the rest).</summary>
public static class StandaloneArguments
{
    public static Dictionary<string, string> SwitchMappings { get; } = new()
    {
        ["--data"] = "Hub:DataPath",
        ["--registry"] = "Hub:RegistryPath",
    };

    /// <summary><c>--demo</c> takes no value, which the configuration parser cannot read, so it is taken out first.</summary>
    public static (string[] HostArgs, bool Demo) Split(string[] args) =>
        (args.Where(a => a != "--demo").ToArray(), args.Contains("--demo"));
}
