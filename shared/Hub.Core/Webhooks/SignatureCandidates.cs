using System.Buffers;

namespace Hub.Core.Webhooks;

/// <summary>
/// Decodes the signatures a delivery carries, one at a time, and compares each against the MACs computed for the
/// active secrets. Remembers enough to say why nothing matched.
/// </summary>
public ref struct SignatureCandidates
{
    public const string NoMatch = "no signature matches an active secret";

    // Room for the base64 of one MAC even when a sender pads oddly; a longer value cannot be a MAC.
    private const int DecodeRoom = WebhookMac.Size + 16;

    private readonly ReadOnlySpan<byte> macs;
    private bool decoded;

    public SignatureCandidates(ReadOnlySpan<byte> macs) => this.macs = macs;

    public bool Offered { get; private set; }

    public bool Matched { get; private set; }

    public void OfferHex(ReadOnlySpan<char> text)
    {
        Offered = true;
        Span<byte> candidate = stackalloc byte[WebhookMac.Size];
        if (text.Length == WebhookMac.Size * 2
            && Convert.FromHexString(text, candidate, out _, out var written) == OperationStatus.Done
            && written == WebhookMac.Size)
        {
            Compare(candidate);
        }
    }

    public void OfferBase64(ReadOnlySpan<char> text)
    {
        Offered = true;
        Span<byte> candidate = stackalloc byte[DecodeRoom];
        if (Convert.TryFromBase64Chars(text, candidate, out var written) && written == WebhookMac.Size)
        {
            Compare(candidate[..WebhookMac.Size]);
        }
    }

    /// <summary>Counts a value that is recognisably meant as a signature but cannot be one.</summary>
    public void OfferUndecodable() => Offered = true;

    /// <summary>Why nothing matched: nothing offered, nothing decodable, or no MAC equal.</summary>
    public readonly string Failure(string header) =>
        !Offered ? $"no v1 signature in header {header}"
        : !decoded ? $"malformed header {header}"
        : NoMatch;

    private void Compare(scoped ReadOnlySpan<byte> candidate)
    {
        decoded = true;
        if (!Matched)
        {
            Matched = WebhookMac.MatchesAny(macs, candidate);
        }
    }
}
