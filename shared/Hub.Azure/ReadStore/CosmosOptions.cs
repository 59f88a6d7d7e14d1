using System.ComponentModel.DataAnnotations;

namespace Hub.Azure.ReadStore;

/// <summary>The Cosmos DB read store, reached with the app's identity. Section <c>Cosmos</c>.</summary>
public sealed class CosmosOptions
{
    public const string SectionName = "Cosmos";

    /// <summary>For example <c>https://hub-prod.documents.azure.com:443/</c>.</summary>
    [Required, Url] public string AccountEndpoint { get; set; } = "";

    [Required] public string DatabaseName { get; set; } = "";
}
