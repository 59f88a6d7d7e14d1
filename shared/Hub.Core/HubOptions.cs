using System.ComponentModel.DataAnnotations;

namespace Hub.Core;

/// <summary>Where the hub keeps its state and finds its registry. Section <c>Hub</c>.</summary>
public sealed class HubOptions
{
    public const string SectionName = "Hub";

    /// <summary>Standalone's state folder (SQLite database, blobs). Overridden by <c>--data</c>.</summary>
    [Required] public string DataPath { get; set; } = ".hub";

    /// <summary>Overridden by <c>--registry</c>.</summary>
    [Required] public string RegistryPath { get; set; } = "seeds/registry.json";
}
