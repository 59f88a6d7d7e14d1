using Hub.Core.Registry;
using Hub.Core.Webhooks;
using Hub.Orders.Webhooks.Signatures;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Hub.Orders.Tests.Signatures;

public sealed class HmacSha256Signatures
{
    // GitHub's documented example ("Validating webhook deliveries", "Testing the webhook payload validation").
    private const string GitHubSecret = "It's a Secret to Everybody";
    private const string GitHubPayload = "Hello, World!";
    private const string GitHubSignature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    // The same MAC in Shopify's encoding, computed independently with
    //   printf 'Hello, World!' | openssl dgst -sha256 -hmac "It's a Secret to Everybody" -binary | base64
    private const string ShopifySignature = "dXEH6g6yUJ/CESIczphLijdXC211hsIsRvQ3nIsEPhc=";

    private const string DeliveryId = "72d3162e-cc78-11e3-81ab-4c9367dc0958";

    private static readonly SignatureSettings GitHub = new() { Scheme = "hmac-sha256", Preset = "github", Secrets = [GitHubSecret] };
    private static readonly SignatureSettings Shopify = new() { Scheme = "hmac-sha256", Preset = "shopify", Secrets = [GitHubSecret] };

    // hmac-sha256 has no timestamp: any clock verifies.
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void github_documentation_example_verifies()
    {
        var headers = Delivery.Headers(("X-Hub-Signature-256", GitHubSignature), ("X-GitHub-Delivery", DeliveryId));

        SignatureAssert.Valid(Verify(GitHub, headers, GitHubPayload), DeliveryId);
    }

    [Fact]
    public void signer_reproduces_the_github_documentation_example()
    {
        var headers = WebhookSigner.Sign(GitHub, DeliveryId, Delivery.Utf8(GitHubPayload), Now);

        Assert.Equal(GitHubSignature, headers["X-Hub-Signature-256"]);
        Assert.Equal(DeliveryId, headers["X-GitHub-Delivery"]);
        Assert.Equal(2, headers.Count);
    }

    [Fact]
    public void shopify_preset_verifies_the_same_mac_in_base64()
    {
        var headers = Delivery.Headers(("X-Shopify-Hmac-Sha256", ShopifySignature), ("X-Shopify-Webhook-Id", DeliveryId));

        SignatureAssert.Valid(Verify(Shopify, headers, GitHubPayload), DeliveryId);
    }

    [Fact]
    public void signer_reproduces_the_shopify_encoding()
    {
        var headers = WebhookSigner.Sign(Shopify, DeliveryId, Delivery.Utf8(GitHubPayload), Now);

        Assert.Equal(ShopifySignature, headers["X-Shopify-Hmac-Sha256"]);
        Assert.Equal(DeliveryId, headers["X-Shopify-Webhook-Id"]);
    }

    [Fact]
    public void header_names_match_case_insensitively()
    {
        var headers = Delivery.Headers(("x-hub-signature-256", GitHubSignature), ("x-github-delivery", DeliveryId));

        SignatureAssert.Valid(Verify(GitHub, headers, GitHubPayload), DeliveryId);
    }

    [Theory]
    [InlineData("github")]
    [InlineData("shopify")]
    public void tampered_body_is_rejected(string preset)
    {
        var settings = Preset(preset);
        var headers = Delivery.Headers(WebhookSigner.Sign(settings, DeliveryId, Delivery.Utf8(GitHubPayload), Now));

        SignatureAssert.Rejected(Verify(settings, headers, "Hello, World?"), "no signature matches an active secret");
    }

    [Theory]
    [InlineData("github")]
    [InlineData("shopify")]
    public void wrong_secret_is_rejected(string preset)
    {
        var headers = Delivery.Headers(WebhookSigner.Sign(Preset(preset), DeliveryId, Delivery.Utf8(GitHubPayload), Now));
        var settings = Preset(preset) with { Secrets = ["It's a Secret to Nobody"] };

        SignatureAssert.Rejected(Verify(settings, headers, GitHubPayload), "no signature matches an active secret");
    }

    [Fact]
    public void github_example_with_the_secret_changed_in_case_is_rejected()
    {
        var headers = Delivery.Headers(("X-Hub-Signature-256", GitHubSignature), ("X-GitHub-Delivery", DeliveryId));
        var settings = GitHub with { Secrets = ["it's a secret to everybody"] };

        SignatureAssert.Rejected(Verify(settings, headers, GitHubPayload), "no signature matches an active secret");
    }

    [Theory]
    [InlineData("github", "X-GitHub-Delivery")]
    [InlineData("shopify", "X-Shopify-Webhook-Id")]
    public void missing_delivery_id_header_is_rejected(string preset, string header)
    {
        var signed = WebhookSigner.Sign(Preset(preset), DeliveryId, Delivery.Utf8(GitHubPayload), Now);

        SignatureAssert.Rejected(Verify(Preset(preset), signed.Without(header), GitHubPayload), $"missing header {header}");
    }

    [Theory]
    [InlineData("github", "X-Hub-Signature-256")]
    [InlineData("shopify", "X-Shopify-Hmac-Sha256")]
    public void missing_signature_header_is_rejected(string preset, string header)
    {
        var signed = WebhookSigner.Sign(Preset(preset), DeliveryId, Delivery.Utf8(GitHubPayload), Now);

        SignatureAssert.Rejected(Verify(Preset(preset), signed.Without(header), GitHubPayload), $"missing header {header}");
    }

    [Theory]
    [InlineData("github")]
    [InlineData("shopify")]
    public void delivery_signed_with_the_second_active_secret_verifies(string preset)
    {
        var headers = Delivery.Headers(WebhookSigner.Sign(Preset(preset), DeliveryId, Delivery.Utf8(GitHubPayload), Now));
        var settings = Preset(preset) with { Secrets = ["the new secret", GitHubSecret] };

        SignatureAssert.Valid(Verify(settings, headers, GitHubPayload), DeliveryId);
    }

    [Fact]
    public void header_with_several_signatures_verifies_when_one_matches()
    {
        var headers = Delivery.Headers(
            ("X-Hub-Signature-256", "sha256=0000000000000000000000000000000000000000000000000000000000000000, " + GitHubSignature),
            ("X-GitHub-Delivery", DeliveryId));

        SignatureAssert.Valid(Verify(GitHub, headers, GitHubPayload), DeliveryId);
    }

    [Fact]
    public void signature_header_sent_twice_verifies_when_one_value_matches()
    {
        var headers = Delivery.Headers(("X-Shopify-Webhook-Id", DeliveryId));
        headers["X-Shopify-Hmac-Sha256"] = new StringValues(["bm9wZQ==", ShopifySignature]);

        SignatureAssert.Valid(Verify(Shopify, headers, GitHubPayload), DeliveryId);
    }

    [Fact]
    public void uppercase_hex_verifies()
    {
        var headers = Delivery.Headers(("X-Hub-Signature-256", "sha256=" + GitHubSignature["sha256=".Length..].ToUpperInvariant()), ("X-GitHub-Delivery", DeliveryId));

        SignatureAssert.Valid(Verify(GitHub, headers, GitHubPayload), DeliveryId);
    }

    [Theory]
    [InlineData("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("sha256=")]
    [InlineData("sha256=zz")]
    [InlineData("sha256=757107ea")]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17ff")]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1g")]
    [InlineData("sha256=dXEH6g6yUJ/CESIczphLijdXC211hsIsRvQ3nIsEPhc=")]
    [InlineData(", ,")]
    public void malformed_github_signature_is_rejected_without_an_exception(string signature)
    {
        var headers = Delivery.Headers(("X-Hub-Signature-256", signature), ("X-GitHub-Delivery", DeliveryId));

        SignatureAssert.Rejected(Verify(GitHub, headers, GitHubPayload), "malformed header X-Hub-Signature-256");
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("dXEH6g6y")]
    [InlineData("dXEH6g6yUJ/CESIczphLijdXC211hsIsRvQ3nIsEPhc=dXEH")]
    [InlineData("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("=")]
    public void malformed_shopify_signature_is_rejected_without_an_exception(string signature)
    {
        var headers = Delivery.Headers(("X-Shopify-Hmac-Sha256", signature), ("X-Shopify-Webhook-Id", DeliveryId));

        SignatureAssert.Rejected(Verify(Shopify, headers, GitHubPayload), "malformed header X-Shopify-Hmac-Sha256");
    }

    [Fact]
    public void explicit_settings_override_the_preset()
    {
        var settings = GitHub with { SignatureHeader = "X-Signature", DeliveryIdHeader = "X-Request-Id" };
        var headers = Delivery.Headers(("X-Signature", GitHubSignature), ("X-Request-Id", DeliveryId));

        SignatureAssert.Valid(Verify(settings, headers, GitHubPayload), DeliveryId);
    }

    [Fact]
    public void explicit_empty_prefix_overrides_the_github_prefix()
    {
        var settings = GitHub with { Prefix = "" };
        var headers = Delivery.Headers(("X-Hub-Signature-256", GitHubSignature["sha256=".Length..]), ("X-GitHub-Delivery", DeliveryId));

        SignatureAssert.Valid(Verify(settings, headers, GitHubPayload), DeliveryId);
    }

    [Fact]
    public void settings_without_a_preset_verify()
    {
        var settings = new SignatureSettings
        {
            Scheme = "hmac-sha256",
            SignatureHeader = "X-Trade-Signature",
            Encoding = "base64",
            Prefix = "hmac-sha256=",
            DeliveryIdHeader = "X-Trade-Delivery",
            Secrets = [GitHubSecret],
        };
        var headers = Delivery.Headers(("X-Trade-Signature", "hmac-sha256=" + ShopifySignature), ("X-Trade-Delivery", DeliveryId));

        SignatureAssert.Valid(Verify(settings, headers, GitHubPayload), DeliveryId);
    }

    [Fact]
    public void settings_without_a_delivery_id_header_are_reported()
    {
        var settings = new SignatureSettings { Scheme = "hmac-sha256", SignatureHeader = "X-Signature", Secrets = [GitHubSecret] };
        var headers = Delivery.Headers(("X-Signature", GitHubSignature["sha256=".Length..]));

        SignatureAssert.Rejected(Verify(settings, headers, GitHubPayload), "hmac-sha256 settings name no delivery-id header");
    }

    [Fact]
    public void encoding_defaults_to_hex_without_a_preset()
    {
        var settings = new SignatureSettings
        {
            Scheme = "hmac-sha256",
            SignatureHeader = "X-Signature",
            DeliveryIdHeader = "X-Delivery",
            Secrets = [GitHubSecret],
        };
        var headers = Delivery.Headers(("X-Signature", GitHubSignature["sha256=".Length..]), ("X-Delivery", DeliveryId));

        SignatureAssert.Valid(Verify(settings, headers, GitHubPayload), DeliveryId);
    }

    [Fact]
    public void unknown_preset_is_reported()
    {
        var settings = GitHub with { Preset = "gitlab" };

        SignatureAssert.Rejected(Verify(settings, new HeaderDictionary(), GitHubPayload), "unknown hmac-sha256 preset 'gitlab'");
    }

    [Fact]
    public void unknown_encoding_is_reported()
    {
        var settings = GitHub with { Encoding = "base32" };

        SignatureAssert.Rejected(Verify(settings, new HeaderDictionary(), GitHubPayload), "unknown signature encoding 'base32'");
    }

    [Fact]
    public void settings_without_a_preset_or_a_signature_header_are_reported()
    {
        var settings = new SignatureSettings { Scheme = "hmac-sha256", Secrets = [GitHubSecret] };

        SignatureAssert.Rejected(Verify(settings, new HeaderDictionary(), GitHubPayload), "hmac-sha256 settings name no signature header");
    }

    [Fact]
    public void empty_secret_is_never_used_as_a_key()
    {
        // An empty key would let anyone compute the MAC.
        var settings = GitHub with { Secrets = [""] };
        var headers = Delivery.Headers(("X-Hub-Signature-256", GitHubSignature), ("X-GitHub-Delivery", DeliveryId));

        SignatureAssert.Rejected(Verify(settings, headers, GitHubPayload), "no usable secret configured");
    }

    private static SignatureSettings Preset(string preset) => preset switch
    {
        "github" => GitHub,
        "shopify" => Shopify,
        _ => throw new ArgumentOutOfRangeException(nameof(preset)),
    };

    private static SignatureCheck Verify(SignatureSettings settings, IHeaderDictionary headers, string body) =>
        WebhookSignatures.Verify(settings, headers, Delivery.Utf8(body), Now);
}
