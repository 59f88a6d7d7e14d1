using System.Globalization;
using System.Text;

namespace Hub.Core.Validation;

/// <summary>
/// What an id may hold when it becomes part of a key or a CloudEvent subject (platform, order, party, SKU and warehouse
/// ids): printable text. Refused: control characters (C0, DEL, C1: the CloudEvents SDK throws on them, and a log line or
/// CSV cell would carry them on), format characters (bidi overrides and isolates, zero-width spaces and joiners, the BOM,
/// soft hyphen: invisible, so two ids that read alike would be two orders, and a bidi override makes an id read
/// differently from how it sorts), line and paragraph separators, noncharacters (U+FFFE, U+FFFF, U+FDD0..U+FDEF) and
/// unpaired surrogates, and spaces at either end.
/// </summary>
public static class Identifiers
{
    /// <summary>
    /// The longest id a platform may send. Every store holds it: Cosmos DB ids beyond 255 characters and Service Bus
    /// message and session ids beyond 128 are hashed by their adapters, and read-store partition keys take 512.
    /// </summary>
    public const int MaxLength = 512;

    /// <summary>Null when <paramref name="id"/> is printable text, else why not, naming the first offending character.</summary>
    public static string? Fault(string id)
    {
        if (id.Length > 0 && (char.IsWhiteSpace(id[0]) || char.IsWhiteSpace(id[^1])))
            return "Must not start or end with white space.";
        for (var i = 0; i < id.Length; i++)
        {
            // Most ids are ASCII letters, digits and punctuation: one comparison each.
            var c = id[i];
            if (c is >= ' ' and < '\u007f') continue;
            if (Rune.DecodeFromUtf16(id.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done)
                return $"Contains an unpaired UTF-16 surrogate (U+{(int)c:X4}) at position {i + 1}.";
            if (Refused(rune)) return $"Contains U+{rune.Value:X4} ({Describe(rune)}) at position {i + 1}; ids must be printable text.";
            i += used - 1;
        }
        return null;
    }

    private static bool Refused(Rune rune)
    {
        if (IsNonCharacter(rune.Value)) return true;
        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
    }

    private static bool IsNonCharacter(int value) => value is >= 0xFDD0 and <= 0xFDEF || (value & 0xFFFE) == 0xFFFE;

    private static string Describe(Rune rune) =>
        IsNonCharacter(rune.Value) ? "a noncharacter" : Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control => "a control character",
            UnicodeCategory.Format => "an invisible format character",
            _ => "a line or paragraph separator",
        };
}
