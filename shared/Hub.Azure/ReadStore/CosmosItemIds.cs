using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Hub.Azure.ReadStore;

/// <summary>
/// The Cosmos DB item id that holds a read-store id. Cosmos ids may not contain '/', '\', '?' or '#' (they travel in
/// resource URLs) and are limited in length (1,023 bytes by the service; 255 characters is the limit older SDKs and
/// tools keep, and the one used here). An id within those rules is its own item id, so documents written before this
/// encoding existed keep theirs. Any other id gets an encoded item id, and the item keeps the original beside it:
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>~b</c> + base64url of its UTF-8, when that fits in 255 characters (ids up to 189 UTF-8 bytes): reversible;</item>
/// <item><c>~h</c> + the lowercase hex SHA-256 of its UTF-8, for longer ids: fixed length, and two ids sharing one would
/// take a SHA-256 collision.</item>
/// </list>
/// An id starting with <c>~</c> is always encoded, so that no plain id can be taken for an encoded one; so is one holding a
/// control character, which has no business in a URL. Encoding is a pure function of the id: a point read, a delete and a
/// query by id all compute the same item id.
/// </remarks>
public static class CosmosItemIds
{
    public const int MaxLength = 255;
    public const string EncodedPrefix = "~";
    private const string Base64Prefix = "~b";
    private const string HashPrefix = "~h";

    private static readonly SearchValues<char> s_refused = SearchValues.Create("/\\?#");
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The item id for <paramref name="id"/> (a valid read-store id: see <see cref="Hub.Core.Storage.ReadStoreKeys"/>).</summary>
    public static string For(string id)
    {
        if (IsPlain(id)) return id;
        var bytes = s_strictUtf8.GetBytes(id);
        // Unpadded base64url: 4 characters per 3 bytes, rounded up.
        if (Base64Prefix.Length + (bytes.Length * 4 + 2) / 3 <= MaxLength)
            return Base64Prefix + Base64Url.EncodeToString(bytes);
        return HashPrefix + Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>Whether <paramref name="id"/> is stored as it is.</summary>
    public static bool IsPlain(string id) =>
        id.Length <= MaxLength
        && !id.StartsWith(EncodedPrefix, StringComparison.Ordinal)
        && id.AsSpan().IndexOfAny(s_refused) < 0
        && !id.AsSpan().ContainsAnyInRange('\u0000', '\u001f')
        && !id.AsSpan().ContainsAnyInRange('\u007f', '\u009f');
}
