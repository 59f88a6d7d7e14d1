namespace Hub.Orders.Webhooks.Signatures;

internal enum SignatureScheme
{
    Unknown,
    StandardWebhooks,
    HmacSha256,
    Stripe,
}

internal static class SignatureSchemes
{
    public static SignatureScheme Parse(string? scheme) => scheme switch
    {
        _ when Is(scheme, "standard-webhooks") => SignatureScheme.StandardWebhooks,
        _ when Is(scheme, "hmac-sha256") => SignatureScheme.HmacSha256,
        _ when Is(scheme, "stripe") => SignatureScheme.Stripe,
        _ => SignatureScheme.Unknown,
    };

    private static bool Is(string? scheme, string name) => string.Equals(scheme, name, StringComparison.OrdinalIgnoreCase);
}
