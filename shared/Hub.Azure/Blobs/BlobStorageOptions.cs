namespace Hub.Azure.Blobs;

/// <summary>
/// Blob Storage. Section <c>Blobs</c>: <c>serviceUri</c> with the app's identity in Azure, or a <c>connectionString</c>
/// (Azurite's, locally), which wins when set.
/// </summary>
public sealed class BlobStorageOptions
{
    public const string SectionName = "Blobs";

    /// <summary>For example <c>https://hubprod.blob.core.windows.net</c>.</summary>
    public string? ServiceUri { get; set; }

    public string? ConnectionString { get; set; }
}
