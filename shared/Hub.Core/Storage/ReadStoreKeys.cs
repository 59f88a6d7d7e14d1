namespace Hub.Core.Storage;

/// <summary>
/// The key and version rules of <see cref="IReadStore"/>, checked the same way by every adapter, so that what one store
/// accepts the other accepts too (see the port's remarks).
/// </summary>
public static class ReadStoreKeys
{
    /// <summary>
    /// The longest partition key, in UTF-16 characters. Every character is at most 3 UTF-8 bytes (a surrogate pair is two
    /// characters and 4 bytes), so 512 characters stay within Cosmos DB's 2,048-byte partition key value (hash v2) whatever
    /// the text. The hub's partition keys are registry ids (platforms, operators, warehouses) and short derived keys.
    /// </summary>
    public const int MaxPartitionKeyLength = 512;

    /// <summary>2^53 - 1: the largest integer a JSON number read as a double (as Cosmos DB reads it) holds exactly.</summary>
    public const long MaxVersion = (1L << 53) - 1;

    /// <summary>Throws <see cref="ArgumentException"/> unless both are keys every read store holds.</summary>
    public static void Validate(string partitionKey, string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(partitionKey);
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (partitionKey.Length > MaxPartitionKeyLength)
            throw new ArgumentException($"Partition key '{partitionKey[..40]}…' has {partitionKey.Length} characters; at most {MaxPartitionKeyLength} are allowed.", nameof(partitionKey));
        if (UnpairedSurrogateAt(partitionKey) is { } pkAt)
            throw new ArgumentException($"Partition key has an unpaired UTF-16 surrogate at position {pkAt + 1}; keys are stored as UTF-8, which cannot hold it.", nameof(partitionKey));
        if (UnpairedSurrogateAt(id) is { } idAt)
            throw new ArgumentException($"Document id has an unpaired UTF-16 surrogate at position {idAt + 1}; keys are stored as UTF-8, which cannot hold it.", nameof(id));
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless 0 &lt;= <paramref name="version"/> &lt;= <see cref="MaxVersion"/>.</summary>
    public static void ValidateVersion(long version, string id)
    {
        if (version is < 0 or > MaxVersion)
            throw new ArgumentOutOfRangeException(nameof(version), version,
                $"Document {id} has version {version}; versions run from 0 to 2^53 - 1 ({MaxVersion}), the integers Cosmos DB keeps exactly.");
    }

    private static int? UnpairedSurrogateAt(string text)
    {
        // Almost every key has no surrogate at all: one vectorised scan.
        var first = text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0) return null;
        for (var i = first; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return i;
        }
        return null;
    }
}
