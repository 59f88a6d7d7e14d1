using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Hub.Orders.Tests.Signatures;

internal static class Delivery
{
    public static HeaderDictionary Headers(params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary.Append(name, new StringValues(value));
        }
        return dictionary;
    }

    public static HeaderDictionary Headers(IReadOnlyDictionary<string, string> headers) =>
        Headers(headers.Select(h => (h.Key, h.Value)).ToArray());

    public static HeaderDictionary Without(this IReadOnlyDictionary<string, string> headers, string name)
    {
        var dictionary = Headers(headers);
        dictionary.Remove(name);
        return dictionary;
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A <c>whsec_</c> secret other than the one under test.</summary>
    public static string OtherStandardSecret(string seed) =>
        "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes(seed.PadRight(24, '!')));
}
