using System.Text.Encodings.Web;
using System.Text.Json;
using Hub.Core.Auth;

namespace Hub.Standalone;

/// <summary>
/// <c>keys new --scope &lt;scope&gt; [--name &lt;name&gt;]</c>: makes a real API key to replace the published samples. It
/// runs before the host is built, so it needs no registry, data folder or port.
/// </summary>
public static class KeysCommand
{
    private const string Usage = "Usage: keys new --scope <admin | reader | platform:<id> | operator:<id> | organiser:<expoId> | partner:<id>> [--name <name>]";

    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Names may be Chinese, as operator names are; the snippet is for people to read and paste.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static bool Handles(string[] args) => args is ["keys", ..];

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args is not ["keys", "new", .. var options] || !TryReadOptions(options, out var scopeText, out var name))
        {
            error.WriteLine(Usage);
            return 2;
        }
        if (!KeyScope.TryParse(scopeText, out var scope))
        {
            error.WriteLine($"Unknown scope '{scopeText}'. {Usage}");
            return 2;
        }

        var made = NewApiKey.Create(scope, name);
        output.WriteLine($"New API key for scope {made.Registration.Scope}. Hand it over now: it is not stored anywhere, and the registry keeps only its hash.");
        output.WriteLine();
        output.WriteLine(made.Key);
        output.WriteLine();
        output.WriteLine("Add this to \"apiKeys\" in your registry (--registry <file>):");
        output.WriteLine(JsonSerializer.Serialize(new { made.Registration.Name, made.Registration.Sha256, made.Registration.Scope }, Indented));
        return 0;
    }

    private static bool TryReadOptions(string[] options, out string? scope, out string? name)
    {
        scope = null;
        name = null;
        for (var i = 0; i < options.Length; i += 2)
        {
            if (i + 1 >= options.Length) return false;
            switch (options[i])
            {
                case "--scope": scope = options[i + 1]; break;
                case "--name": name = options[i + 1]; break;
                default: return false;
            }
        }
        return scope is not null;
    }
}
