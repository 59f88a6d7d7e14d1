using Hub.Core.Auth;
using Hub.Core.Registry;
using Microsoft.AspNetCore.Http;

namespace Hub.Core.Tests;

public sealed class when_an_api_key_is_presented
{
    private static readonly ApiKeyAuthenticator Authenticator = new(new HubRegistry
    {
        ApiKeys =
        [
            new ApiKeyRegistration { Name = "admin", Sha256 = ApiKeyAuthenticator.Hash("admin-key"), Scope = "admin" },
            new ApiKeyRegistration { Name = "platform a", Sha256 = ApiKeyAuthenticator.Hash("a-key"), Scope = "platform:a" },
        ],
    });

    private static KeyScope? Present(string? header)
    {
        var context = new DefaultHttpContext();
        if (header is not null) context.Request.Headers.Authorization = header;
        return Authenticator.Authenticate(context.Request);
    }

    [Fact]
    public void a_known_key_gives_its_scope() => Assert.Equal(new KeyScope(KeyRole.Platform, "a"), Present("Bearer a-key"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer ")]
    [InlineData("Basic YWRtaW46YWRtaW4=")]
    [InlineData("Bearer not-a-key")]
    [InlineData("Bearer ADMIN-KEY")]
    public void a_missing_or_unknown_key_gives_nothing(string? header) => Assert.Null(Present(header));

    [Fact]
    public void a_platform_key_reads_only_its_own_platform()
    {
        var scope = Present("Bearer a-key")!;
        Assert.True(scope.CanRead(KeyRole.Platform, "a"));
        Assert.False(scope.CanRead(KeyRole.Platform, "b"));
        Assert.False(scope.CanRead(KeyRole.Operator, "a"));
        Assert.True(Present("Bearer admin-key")!.CanRead(KeyRole.Platform, "b"));
    }

    [Theory]
    [InlineData("admin", true)]
    [InlineData("reader", true)]
    [InlineData("platform:acme", true)]
    [InlineData("operator:x", true)]
    [InlineData("organiser:expo-2026", true)]
    [InlineData("partner:ewtp-my", true)]
    [InlineData("platform:", false)]
    [InlineData(":acme", false)]
    [InlineData("root", false)]
    [InlineData("emperor:x", false)]
    public void scopes_parse_only_when_well_formed(string text, bool valid) => Assert.Equal(valid, KeyScope.TryParse(text, out _));
}
