using Hub.Core.Registry;
using Hub.Core.Webhooks;
using Hub.Orders.Webhooks.Signatures;
using Microsoft.AspNetCore.Http;

namespace Hub.Orders.Tests.Signatures;

public sealed class StripeSignatures
{
    // Published fixture of stripe-dotnet (src/StripeTests/Services/Events/EventUtilityTest.cs with
    // src/StripeTests/Resources/event_test_signature.json): secret "webhook_secret", t=1533204620, this body byte for
    // byte (LF line endings and a final newline). Reproduced independently with
    //   (echo -n "1533204620." && cat event_test_signature.json) | openssl dgst -sha256 -hmac "webhook_secret"
    private const string FixtureSecret = "webhook_secret";
    private const string FixtureV1 = "2220f87ef101a04665f11cdf770523143f875572008577fa0f20882ddb9cc3c7";
    private const string FixtureHeader =
        "t=1533204620,v1=" + FixtureV1 + ",v0=63f3a72374a733066c4be69ed7f8e5ac85c22c9f0a6a612ab9a025a9e4ee7eef";

    private static readonly string FixtureBody = """
        {
          "id": "evt_123",
          "object": "event",
          "account": "acct_123",
          "api_version": "2017-05-25",
          "created": 1533204620,
          "data": {
            "object": {
              "id": "cus_123",
              "object": "customer",
              "created": 123456789,
              "email": "test@stripe.com",
              "livemode": false,
              "metadata": {}
            }
          },
          "livemode": false,
          "pending_webhooks": 1,
          "request": {
            "id": "req_123",
            "idempotency_key": "idempotency-key-123"
          },
          "type": "customer.created"
        }
        """.ReplaceLineEndings("\n") + "\n";

    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(1533204620);
    private static readonly SignatureSettings Settings = new() { Scheme = "stripe", Secrets = [FixtureSecret] };

    [Fact]
    public void stripe_dotnet_fixture_verifies()
    {
        var check = Verify(Settings, Header(FixtureHeader), FixtureBody, SignedAt.AddSeconds(100));

        SignatureAssert.Valid(check, "evt_123");
    }

    [Fact]
    public void signer_reproduces_the_stripe_dotnet_fixture()
    {
        var headers = WebhookSigner.Sign(Settings, "ignored: stripe takes the id from the body", Delivery.Utf8(FixtureBody), SignedAt);

        Assert.Equal("t=1533204620,v1=" + FixtureV1, headers["Stripe-Signature"]);
        Assert.Single(headers);
    }

    [Fact]
    public void whsec_secret_is_used_as_its_utf8_bytes_not_base64_decoded()
    {
        // Computed independently:
        //   printf '%s' '1700000000.{"id":"evt_1NhubA2eZvKYlo2C","object":"event","type":"order.created"}' \
        //     | openssl dgst -sha256 -hmac 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
        // With the base64-decoded key instead the MAC would be 250dd1fd...
        const string body = """{"id":"evt_1NhubA2eZvKYlo2C","object":"event","type":"order.created"}""";
        const string header = "t=1700000000,v1=d1ef36c0c595f478c92cf0960d90dc3edf7b7d4e956a02152ee85e45c36a5c0c";
        var settings = Settings with { Secrets = ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"] };
        var signedAt = DateTimeOffset.FromUnixTimeSeconds(1700000000);

        SignatureAssert.Valid(Verify(settings, Header(header), body, signedAt), "evt_1NhubA2eZvKYlo2C");
        Assert.Equal(header, WebhookSigner.Sign(settings, "evt_1NhubA2eZvKYlo2C", Delivery.Utf8(body), signedAt)["Stripe-Signature"]);
    }

    [Fact]
    public void tampered_body_is_rejected()
    {
        var check = Verify(Settings, Header(FixtureHeader), FixtureBody.Replace("evt_123", "evt_124"), SignedAt);

        SignatureAssert.Rejected(check, "no signature matches an active secret");
    }

    [Fact]
    public void wrong_secret_is_rejected()
    {
        var settings = Settings with { Secrets = ["whsec_someone_elses_secret"] };

        SignatureAssert.Rejected(Verify(settings, Header(FixtureHeader), FixtureBody, SignedAt), "no signature matches an active secret");
    }

    [Fact]
    public void expired_timestamp_is_rejected()
    {
        var check = Verify(Settings, Header(FixtureHeader), FixtureBody, SignedAt.AddSeconds(301));

        SignatureAssert.Rejected(check, "timestamp outside the 300 s tolerance");
    }

    [Fact]
    public void future_timestamp_is_rejected()
    {
        var check = Verify(Settings, Header(FixtureHeader), FixtureBody, SignedAt.AddSeconds(-301));

        SignatureAssert.Rejected(check, "timestamp outside the 300 s tolerance");
    }

    [Fact]
    public void configured_tolerance_overrides_the_default()
    {
        var settings = Settings with { ToleranceSeconds = 600 };

        SignatureAssert.Valid(Verify(settings, Header(FixtureHeader), FixtureBody, SignedAt.AddSeconds(600)), "evt_123");
    }

    [Fact]
    public void another_timestamp_invalidates_the_signature()
    {
        var check = Verify(Settings, Header("t=1533204621,v1=" + FixtureV1), FixtureBody, SignedAt);

        SignatureAssert.Rejected(check, "no signature matches an active secret");
    }

    [Fact]
    public void delivery_signed_with_the_second_active_secret_verifies()
    {
        var settings = Settings with { Secrets = ["whsec_the_new_secret", FixtureSecret] };

        SignatureAssert.Valid(Verify(settings, Header(FixtureHeader), FixtureBody, SignedAt), "evt_123");
    }

    [Fact]
    public void header_with_several_signatures_verifies_when_one_matches()
    {
        const string header = "t=1533204620, v1=deadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeef, v1=" + FixtureV1
            + ", v0=" + FixtureV1 + ", scheme=future";

        SignatureAssert.Valid(Verify(Settings, Header(header), FixtureBody, SignedAt), "evt_123");
    }

    [Fact]
    public void v0_signatures_are_ignored()
    {
        var check = Verify(Settings, Header("t=1533204620,v0=" + FixtureV1), FixtureBody, SignedAt);

        SignatureAssert.Rejected(check, "no v1 signature in header Stripe-Signature");
    }

    [Fact]
    public void missing_header_is_rejected()
    {
        SignatureAssert.Rejected(Verify(Settings, new HeaderDictionary(), FixtureBody, SignedAt), "missing header Stripe-Signature");
    }

    [Theory]
    [InlineData("t=")]
    [InlineData("t")]
    [InlineData(",,")]
    [InlineData("v1=" + FixtureV1)]
    [InlineData("t=yesterday,v1=" + FixtureV1)]
    [InlineData("t=-1533204620,v1=" + FixtureV1)]
    [InlineData("t=1533204620.5,v1=" + FixtureV1)]
    [InlineData("t=99999999999999999999,v1=" + FixtureV1)]
    public void header_without_a_usable_timestamp_is_rejected(string header)
    {
        var check = Verify(Settings, Header(header), FixtureBody, SignedAt);

        SignatureAssert.Rejected(check, "malformed header Stripe-Signature: expected t=<unix seconds>");
    }

    [Fact]
    public void header_with_two_timestamps_is_rejected()
    {
        var check = Verify(Settings, Header("t=1533204620,t=1533204620,v1=" + FixtureV1), FixtureBody, SignedAt);

        SignatureAssert.Rejected(check, "malformed header Stripe-Signature: more than one t=");
    }

    [Theory]
    [InlineData("t=1533204620,v1=")]
    [InlineData("t=1533204620,v1=zz")]
    [InlineData("t=1533204620,v1=2220f87e")]
    [InlineData("t=1533204620,v1=" + FixtureV1 + "00")]
    [InlineData("t=1533204620,v1=2220f87ef101a04665f11cdf770523143f875572008577fa0f20882ddb9cc3cg")]
    [InlineData("t=1533204620,v1=IiD4fvEBoEZl8RzfdwUjFD+HVXIAhXf6DyCILduczHc=")]
    public void malformed_signature_is_rejected_without_an_exception(string header)
    {
        SignatureAssert.Rejected(Verify(Settings, Header(header), FixtureBody, SignedAt), "malformed header Stripe-Signature");
    }

    [Theory]
    [InlineData("t=1533204620")]
    [InlineData("t=1533204620,v1")]
    [InlineData("t=1533204620,v2=" + FixtureV1)]
    public void header_without_a_v1_signature_is_rejected(string header)
    {
        SignatureAssert.Rejected(Verify(Settings, Header(header), FixtureBody, SignedAt), "no v1 signature in header Stripe-Signature");
    }

    [Theory]
    [InlineData("""{"object":"event","data":{"object":{"id":"cus_123"}}}""")]
    [InlineData("""{"id":42}""")]
    [InlineData("""{"id":""}""")]
    [InlineData("""{"id":null}""")]
    [InlineData("""[{"id":"evt_123"}]""")]
    [InlineData("""{"object":"event",""")]
    [InlineData("not json")]
    [InlineData("")]
    public void signed_body_without_a_top_level_string_id_is_rejected(string body)
    {
        var headers = Delivery.Headers(WebhookSigner.Sign(Settings, "unused", Delivery.Utf8(body), SignedAt));

        SignatureAssert.Rejected(Verify(Settings, headers, body, SignedAt), "body has no top-level string id");
    }

    [Fact]
    public void top_level_id_after_nested_ids_is_the_delivery_id()
    {
        const string body = """{"data":{"object":{"id":"cus_1","lines":[{"id":"li_1"}]}},"request":{"id":null},"id":"evt_2"}""";
        var headers = Delivery.Headers(WebhookSigner.Sign(Settings, "unused", Delivery.Utf8(body), SignedAt));

        SignatureAssert.Valid(Verify(Settings, headers, body, SignedAt), "evt_2");
    }

    [Fact]
    public void escaped_id_is_unescaped()
    {
        const string body = """{"\u0069d":"evt_\u0031"}""";
        var headers = Delivery.Headers(WebhookSigner.Sign(Settings, "unused", Delivery.Utf8(body), SignedAt));

        SignatureAssert.Valid(Verify(Settings, headers, body, SignedAt), "evt_1");
    }

    private static HeaderDictionary Header(string value) => Delivery.Headers(("Stripe-Signature", value));

    private static SignatureCheck Verify(SignatureSettings settings, IHeaderDictionary headers, string body, DateTimeOffset now) =>
        WebhookSignatures.Verify(settings, headers, Delivery.Utf8(body), now);
}
