using System.Text;
using Hub.Core.Registry;
using Hub.Orders.Webhooks.Signatures;
using Microsoft.AspNetCore.Http;

namespace Hub.Orders.Tests.Signatures;

public sealed class WebhookSignerRoundTrips
{
    private const string DeliveryId = "dlv_0193b4f0";
    private const string EventId = "evt_0193b4f0";

    private static readonly DateTimeOffset SignedAt = new(2026, 3, 14, 9, 26, 53, TimeSpan.Zero);

    [Theory]
    [InlineData("standard-webhooks", 0)]
    [InlineData("standard-webhooks", 200_000)]
    [InlineData("standard-webhooks-unprefixed", 0)]
    [InlineData("github", 0)]
    [InlineData("github", 200_000)]
    [InlineData("shopify", 0)]
    [InlineData("shopify", 200_000)]
    [InlineData("hmac-custom", 0)]
    [InlineData("stripe", 0)]
    [InlineData("stripe", 200_000)]
    public void signed_delivery_verifies(string platform, int padding)
    {
        var settings = Platform(platform);
        var body = Body(padding);

        var headers = WebhookSigner.Sign(settings, DeliveryId, body, SignedAt);
        var check = WebhookSignatures.Verify(settings, Delivery.Headers(headers), body, SignedAt.AddSeconds(30));

        SignatureAssert.Valid(check, settings.Scheme == "stripe" ? EventId : DeliveryId);
    }

    [Theory]
    [InlineData("standard-webhooks")]
    [InlineData("github")]
    [InlineData("shopify")]
    [InlineData("stripe")]
    public void signed_large_delivery_with_one_byte_changed_is_rejected(string platform)
    {
        var settings = Platform(platform);
        var body = Body(200_000);
        var headers = Delivery.Headers(WebhookSigner.Sign(settings, DeliveryId, body, SignedAt));
        body[^2] ^= 1;

        var check = WebhookSignatures.Verify(settings, headers, body, SignedAt);

        SignatureAssert.Rejected(check, "no signature matches an active secret");
    }

    [Theory]
    [InlineData("standard-webhooks")]
    [InlineData("github")]
    [InlineData("stripe")]
    public void many_active_secrets_still_find_the_one_that_signed(string platform)
    {
        var signer = Platform(platform);
        var body = Body(0);
        var headers = Delivery.Headers(WebhookSigner.Sign(signer, DeliveryId, body, SignedAt));
        var others = Enumerable.Range(1, 7).Select(i => Platform(platform, seed: $"retired secret {i}").Secrets[0]);
        var verifier = signer with { Secrets = [.. others, signer.Secrets[0]] };

        Assert.True(WebhookSignatures.Verify(verifier, headers, body, SignedAt).IsValid);
    }

    [Theory]
    [InlineData("standard-webhooks")]
    [InlineData("github")]
    [InlineData("stripe")]
    public void signer_uses_the_first_secret(string platform)
    {
        var both = Platform(platform) with { Secrets = [Platform(platform).Secrets[0], Platform(platform, seed: "second").Secrets[0]] };
        var body = Body(0);
        var headers = Delivery.Headers(WebhookSigner.Sign(both, DeliveryId, body, SignedAt));
        var firstOnly = both with { Secrets = [both.Secrets[0]] };

        Assert.True(WebhookSignatures.Verify(firstOnly, headers, body, SignedAt).IsValid);
    }

    [Fact]
    public void unknown_scheme_is_rejected_by_name()
    {
        var settings = new SignatureSettings { Scheme = "hmac-md5", Secrets = ["secret"] };

        var check = WebhookSignatures.Verify(settings, new HeaderDictionary(), Body(0), SignedAt);

        SignatureAssert.Rejected(check, "unknown signature scheme 'hmac-md5'");
    }

    [Theory]
    [InlineData("standard-webhooks")]
    [InlineData("github")]
    [InlineData("stripe")]
    public void platform_with_no_active_secret_is_rejected(string platform)
    {
        var signer = Platform(platform);
        var body = Body(0);
        var headers = Delivery.Headers(WebhookSigner.Sign(signer, DeliveryId, body, SignedAt));

        var check = WebhookSignatures.Verify(signer with { Secrets = [] }, headers, body, SignedAt);

        SignatureAssert.Rejected(check, "no usable secret configured");
    }

    [Fact]
    public void signer_refuses_settings_without_a_secret()
    {
        var settings = Platform("github") with { Secrets = [] };

        Assert.Throws<ArgumentException>(() => WebhookSigner.Sign(settings, DeliveryId, Body(0), SignedAt));
    }

    [Fact]
    public void signer_refuses_an_unknown_scheme()
    {
        var settings = new SignatureSettings { Scheme = "hmac-md5", Secrets = ["secret"] };

        Assert.Throws<ArgumentException>(() => WebhookSigner.Sign(settings, DeliveryId, Body(0), SignedAt));
    }

    [Fact]
    public void signer_refuses_a_standard_webhooks_secret_that_is_not_base64()
    {
        var settings = Platform("standard-webhooks") with { Secrets = ["whsec_not*base64"] };

        Assert.Throws<ArgumentException>(() => WebhookSigner.Sign(settings, DeliveryId, Body(0), SignedAt));
    }

    private static SignatureSettings Platform(string platform, string seed = "platform secret") => platform switch
    {
        "standard-webhooks" => new() { Scheme = "standard-webhooks", Secrets = [Delivery.OtherStandardSecret(seed)] },
        "standard-webhooks-unprefixed" => new()
        {
            Scheme = "standard-webhooks",
            Secrets = [Delivery.OtherStandardSecret(seed)["whsec_".Length..]],
        },
        "github" => new() { Scheme = "hmac-sha256", Preset = "github", Secrets = [seed] },
        "shopify" => new() { Scheme = "hmac-sha256", Preset = "shopify", Secrets = [seed] },
        "hmac-custom" => new()
        {
            Scheme = "hmac-sha256",
            SignatureHeader = "X-Trade-Signature",
            Encoding = "base64",
            Prefix = "v1=",
            DeliveryIdHeader = "X-Trade-Delivery",
            Secrets = [seed],
        },
        "stripe" => new() { Scheme = "stripe", Secrets = ["whsec_" + seed.Replace(' ', '_')] },
        _ => throw new ArgumentOutOfRangeException(nameof(platform)),
    };

    /// <summary>A small order event; <paramref name="padding"/> makes it large enough to leave the stack buffers.</summary>
    private static byte[] Body(int padding) => Encoding.UTF8.GetBytes(
        $$$"""{"id":"{{{EventId}}}","orderId":"PO-2026-0042","note":"{{{new string('x', padding)}}}","buyer":{"country":"DE"}}""");
}
