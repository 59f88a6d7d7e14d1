namespace Hub.Core.Storage;

/// <summary>Streams in and out of named containers (Blob Storage in Azure, the file system in Standalone).</summary>
public interface IBlobStore
{
    /// <summary>Stores the stream under the name, replacing any blob there. The blob appears whole or not at all.</summary>
    Task<BlobItemInfo> UploadAsync(string container, string name, Stream content, CancellationToken cancellationToken = default);

    /// <summary>Opens the blob for reading, or null when it does not exist.</summary>
    Task<Stream?> OpenReadAsync(string container, string name, CancellationToken cancellationToken = default);

    Task<BlobItemInfo?> GetInfoAsync(string container, string name, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string container, string name, CancellationToken cancellationToken = default);

    IAsyncEnumerable<BlobItemInfo> ListAsync(string container, string? prefix = null, CancellationToken cancellationToken = default);
}

public sealed record BlobItemInfo(string Container, string Name, long Length, DateTimeOffset LastModified);

/// <summary>Blob names are relative paths with '/' separators; nothing may climb out of its container.</summary>
public static class BlobNames
{
    public static void Validate(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("Blob name is empty.", nameof(name));
        if (name.Length > 1024) throw new ArgumentException("Blob name is longer than 1024 characters.", nameof(name));
        if (name.StartsWith('/') || name.Contains('\\') || name.Any(char.IsControl))
            throw new ArgumentException($"Blob name '{name}' is not a relative path.", nameof(name));
        foreach (var segment in name.Split('/'))
            if (segment is "" or "." or "..")
                throw new ArgumentException($"Blob name '{name}' has an empty, '.' or '..' segment.", nameof(name));
    }
}
