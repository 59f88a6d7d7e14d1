using Hub.Core.Registry;
using Hub.Core.Webhooks;
using Hub.Orders.Webhooks.Signatures;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Hub.Orders.Tests.Signatures;

public sealed class StandardWebhooksSignatures
{
    // The Standard Webhooks test vector, as the reference libraries pin it (standard-webhooks/standard-webhooks,
    // libraries/csharp/StandardWebhooks.Tests/WebhookTest.cs, verifyWebhookSignWorks; the same in the PHP, Rust and
    // JavaScript libraries).
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string MessageId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const string Timestamp = "1614265330";
    private const string Payload = """{"test": 2432232314}""";
    private const string ExpectedSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(1614265330);
    private static readonly SignatureSettings Settings = new() { Scheme = "standard-webhooks", Secrets = [Secret] };

    [Fact]
    public void specification_test_vector_verifies()
    {
        var check = Verify(Settings, VectorHeaders(), Payload, SignedAt);

        Assert.True(check.IsValid, check.Failure);
        Assert.Equal(MessageId, check.DeliveryId);
        Assert.Null(check.Failure);
    }

    [Fact]
    public void signer_reproduces_the_specification_test_vector()
    {
        var headers = WebhookSigner.Sign(Settings, MessageId, Delivery.Utf8(Payload), SignedAt);

        Assert.Equal(MessageId, headers["webhook-id"]);
        Assert.Equal(Timestamp, headers["webhook-timestamp"]);
        Assert.Equal(ExpectedSignature, headers["webhook-signature"]);
    }

    [Fact]
    public void secret_without_the_whsec_prefix_is_accepted()
    {
        var settings = Settings with { Secrets = [Secret["whsec_".Length..]] };

        Assert.True(Verify(settings, VectorHeaders(), Payload, SignedAt).IsValid);
    }

    [Fact]
    public void tampered_body_is_rejected()
    {
        var check = Verify(Settings, VectorHeaders(), """{"test": 2432232315}""", SignedAt);

        SignatureAssert.Rejected(check, "no signature matches an active secret");
    }

    [Fact]
    public void wrong_secret_is_rejected()
    {
        var settings = Settings with { Secrets = [Delivery.OtherStandardSecret("not the platform's secret")] };

        SignatureAssert.Rejected(Verify(settings, VectorHeaders(), Payload, SignedAt), "no signature matches an active secret");
    }

    [Fact]
    public void another_webhook_id_invalidates_the_signature()
    {
        var headers = VectorHeaders();
        headers["webhook-id"] = "msg_someone_else";

        SignatureAssert.Rejected(Verify(Settings, headers, Payload, SignedAt), "no signature matches an active secret");
    }

    [Fact]
    public void another_timestamp_within_the_tolerance_invalidates_the_signature()
    {
        var headers = VectorHeaders();
        headers["webhook-timestamp"] = "1614265331";

        SignatureAssert.Rejected(Verify(Settings, headers, Payload, SignedAt), "no signature matches an active secret");
    }

    [Fact]
    public void expired_timestamp_is_rejected()
    {
        var check = Verify(Settings, VectorHeaders(), Payload, SignedAt.AddSeconds(301));

        SignatureAssert.Rejected(check, "timestamp outside the 300 s tolerance");
    }

    [Fact]
    public void future_timestamp_is_rejected()
    {
        var check = Verify(Settings, VectorHeaders(), Payload, SignedAt.AddSeconds(-301));

        SignatureAssert.Rejected(check, "timestamp outside the 300 s tolerance");
    }

    [Theory]
    [InlineData(300)]
    [InlineData(-300)]
    public void timestamp_exactly_at_the_edge_of_the_tolerance_is_accepted(int secondsLater)
    {
        Assert.True(Verify(Settings, VectorHeaders(), Payload, SignedAt.AddSeconds(secondsLater)).IsValid);
    }

    [Fact]
    public void configured_tolerance_overrides_the_default()
    {
        var settings = Settings with { ToleranceSeconds = 60 };

        Assert.True(Verify(settings, VectorHeaders(), Payload, SignedAt.AddSeconds(60)).IsValid);
        SignatureAssert.Rejected(Verify(settings, VectorHeaders(), Payload, SignedAt.AddSeconds(61)), "timestamp outside the 60 s tolerance");
    }

    [Fact]
    public void delivery_signed_with_the_second_active_secret_verifies()
    {
        var settings = Settings with { Secrets = [Delivery.OtherStandardSecret("the new secret"), Secret] };

        var check = Verify(settings, VectorHeaders(), Payload, SignedAt);

        Assert.True(check.IsValid, check.Failure);
        Assert.Equal(MessageId, check.DeliveryId);
    }

    [Fact]
    public void header_with_several_signatures_verifies_when_one_matches()
    {
        const string signatures =
            "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= "
            + ExpectedSignature + "  v1,bm9wZQ==";

        Assert.True(Verify(Settings, VectorHeaders(signatures), Payload, SignedAt).IsValid);
    }

    [Fact]
    public void signature_header_sent_twice_verifies_when_one_value_matches()
    {
        var headers = VectorHeaders();
        headers["webhook-signature"] = new StringValues(["v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", ExpectedSignature]);

        Assert.True(Verify(Settings, headers, Payload, SignedAt).IsValid);
    }

    [Fact]
    public void signatures_with_other_version_tags_are_ignored()
    {
        var headers = VectorHeaders("v1a,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");

        SignatureAssert.Rejected(Verify(Settings, headers, Payload, SignedAt), "no v1 signature in header webhook-signature");
    }

    [Theory]
    [InlineData("webhook-id")]
    [InlineData("webhook-timestamp")]
    [InlineData("webhook-signature")]
    public void missing_header_is_named_in_the_failure(string header)
    {
        var headers = VectorHeaders();
        headers.Remove(header);

        SignatureAssert.Rejected(Verify(Settings, headers, Payload, SignedAt), $"missing header {header}");
    }

    [Fact]
    public void empty_header_counts_as_missing()
    {
        var headers = VectorHeaders();
        headers["webhook-id"] = "";

        SignatureAssert.Rejected(Verify(Settings, headers, Payload, SignedAt), "missing header webhook-id");
    }

    [Fact]
    public void webhook_id_sent_twice_is_rejected()
    {
        var headers = VectorHeaders();
        headers["webhook-id"] = new StringValues([MessageId, "msg_other"]);

        SignatureAssert.Rejected(Verify(Settings, headers, Payload, SignedAt), "header webhook-id appears more than once");
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-1614265330")]
    [InlineData("+1614265330")]
    [InlineData("1614265330.0")]
    [InlineData(" 1614265330")]
    [InlineData("1614265330000000000000")]
    [InlineData("２０２１")]
    public void malformed_timestamp_is_rejected(string timestamp)
    {
        var headers = VectorHeaders();
        headers["webhook-timestamp"] = timestamp;

        SignatureAssert.Rejected(Verify(Settings, headers, Payload, SignedAt), "malformed header webhook-timestamp");
    }

    [Theory]
    [InlineData("v1,not base64 at all!")]
    [InlineData("v1,")]
    [InlineData("v1,AAAA")]
    [InlineData("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=g0hM9SsE")]
    [InlineData("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1O")]
    [InlineData("v1,,,,")]
    public void malformed_signature_is_rejected_without_an_exception(string signature)
    {
        SignatureAssert.Rejected(Verify(Settings, VectorHeaders(signature), Payload, SignedAt), "malformed header webhook-signature");
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("garbage")]
    [InlineData(",,,")]
    [InlineData("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    public void signature_without_a_version_tag_is_rejected(string signature)
    {
        SignatureAssert.Rejected(Verify(Settings, VectorHeaders(signature), Payload, SignedAt), "no v1 signature in header webhook-signature");
    }

    [Theory]
    [InlineData("whsec_not*base64")]
    [InlineData("whsec_")]
    [InlineData("")]
    public void unusable_secret_is_reported_rather_than_thrown(string secret)
    {
        var settings = Settings with { Secrets = [secret] };

        SignatureAssert.Rejected(Verify(settings, VectorHeaders(), Payload, SignedAt), "no usable secret configured");
    }

    [Fact]
    public void unusable_secret_beside_a_good_one_does_not_stop_verification()
    {
        var settings = Settings with { Secrets = ["whsec_not*base64", Secret] };

        Assert.True(Verify(settings, VectorHeaders(), Payload, SignedAt).IsValid);
    }

    private static HeaderDictionary VectorHeaders(string signature = ExpectedSignature) =>
        Delivery.Headers(("webhook-id", MessageId), ("webhook-timestamp", Timestamp), ("webhook-signature", signature));

    private static SignatureCheck Verify(SignatureSettings settings, IHeaderDictionary headers, string body, DateTimeOffset now) =>
        WebhookSignatures.Verify(settings, headers, Delivery.Utf8(body), now);
}
