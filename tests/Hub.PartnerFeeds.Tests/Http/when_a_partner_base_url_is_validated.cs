using Hub.PartnerFeeds.Http;

namespace Hub.PartnerFeeds.Tests.Http;

public sealed class when_a_partner_base_url_is_validated
{
    [Theory]
    [InlineData("https://partner.example/api/")]
    [InlineData("https://partner.example:8443/feeds?since=1")]
    [InlineData("https://8.8.8.8/")]
    [InlineData("https://[2001:4860:4860::8888]/")]
    public void an_https_url_to_a_name_or_public_address_is_accepted(string url)
    {
        Assert.True(PartnerUrlRules.TryValidate(new Uri(url), allowLoopback: false, out var problem), problem);
        PartnerUrlRules.Validate(new Uri(url), allowLoopback: false);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/")]
    [InlineData("http://localhost:5000/")]
    [InlineData("http://[::1]:5000/")]
    [InlineData("https://127.0.0.1/")]
    public void a_loopback_url_is_accepted_when_loopback_is_allowed(string url)
    {
        Assert.True(PartnerUrlRules.TryValidate(new Uri(url), allowLoopback: true, out var problem), problem);
    }

    [Theory]
    [InlineData("http://partner.example/", false, "must use https")]
    [InlineData("http://partner.example/", true, "plain http is allowed only to loopback")]
    [InlineData("http://10.0.0.1/", true, "plain http is allowed only to loopback")]
    [InlineData("ftp://partner.example/", false, "must use https, not 'ftp'")]
    [InlineData("https://user:secret@partner.example/", false, "user-info")]
    [InlineData("https://partner.example/feed#top", false, "fragment")]
    [InlineData("https://10.0.0.1/", false, "10.0.0.0/8")]
    [InlineData("https://192.168.0.10/", true, "192.168.0.0/16")]
    [InlineData("https://169.254.169.254/latest/meta-data/", true, "metadata")]
    [InlineData("https://127.0.0.1/", false, "loopback")]
    [InlineData("https://[::1]/", false, "loopback")]
    [InlineData("https://[fe80::1]/", true, "fe80::/10")]
    [InlineData("https://[::ffff:10.0.0.1]/", true, "10.0.0.0/8")]
    [InlineData("http://127.0.0.1/", false, "must use https")]
    [InlineData("https://ewtp-my.partner.invalid/v1/", false, "placeholder")]
    [InlineData("https://EWTP.INVALID./", true, "set the partner's real base URL")]
    public void a_url_that_breaks_a_rule_is_refused_with_the_rule(string url, bool allowLoopback, string expected)
    {
        Assert.False(PartnerUrlRules.TryValidate(new Uri(url), allowLoopback, out var problem));
        Assert.Contains(expected, problem);
        var thrown = Assert.Throws<ArgumentException>(() => PartnerUrlRules.Validate(new Uri(url), allowLoopback));
        Assert.Equal("baseUrl", thrown.ParamName);
    }

    [Fact]
    public void a_relative_url_is_refused()
    {
        Assert.False(PartnerUrlRules.TryValidate(new Uri("/api/feeds", UriKind.Relative), allowLoopback: true, out var problem));
        Assert.Contains("must be absolute", problem);
    }

    [Fact]
    public void the_error_for_user_info_does_not_repeat_the_credentials()
    {
        PartnerUrlRules.TryValidate(new Uri("https://user:secret@partner.example/"), allowLoopback: false, out var problem);

        Assert.DoesNotContain("secret", problem);
    }

    [Fact]
    public void a_decimal_spelling_of_loopback_is_judged_as_the_address_it_is()
    {
        // 2130706433 is 127.0.0.1; Uri reads it as that address.
        Assert.False(PartnerUrlRules.TryValidate(new Uri("https://2130706433/"), allowLoopback: false, out var problem));
        Assert.Contains("loopback", problem);
    }
}
