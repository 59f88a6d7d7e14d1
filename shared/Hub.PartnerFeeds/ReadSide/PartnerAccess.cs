using Hub.Core.Auth;
using Hub.Core.Http;
using Hub.Core.Registry;
using Microsoft.AspNetCore.Http;

namespace Hub.PartnerFeeds.ReadSide;

/// <summary>
/// The scope check of the partner read routes: <c>admin</c> and <c>reader</c> read every partner, <c>partner:&lt;id&gt;</c>
/// its own only, any other key is refused (403). A partner key asking for another partner is answered exactly as for a
/// partner that does not exist (<see cref="UnknownPartner"/>), so that a key cannot learn which partners the hub has.
/// </summary>
public sealed class PartnerAccess(ApiKeyAuthenticator authenticator, HubRegistry registry)
{
    /// <summary>The 404 of a partner that does not exist, or that the caller's key may not see: the same answer for both.</summary>
    public static IResult UnknownPartner(string partnerId) => Problems.NotFound($"No partner '{partnerId}'.");

    /// <summary>The partner when the caller may read it; otherwise null and the 401, 403 or 404 to answer.</summary>
    public PartnerRegistration? CheckRead(HttpRequest request, string partnerId, out IResult? refusal)
    {
        refusal = authenticator.Challenge(request, out var scope) ?? Refuse(scope, partnerId);
        if (refusal is not null) return null;
        var partner = registry.FindPartner(partnerId);
        if (partner is null) refusal = UnknownPartner(partnerId);
        return partner;
    }

    /// <summary>Null when a key of <paramref name="scope"/> may read the partner; otherwise the 403 or 404.</summary>
    public static IResult? Refuse(KeyScope scope, string partnerId) => scope.Role switch
    {
        KeyRole.Admin or KeyRole.Reader => null,
        KeyRole.Partner => scope.Id == partnerId ? null : UnknownPartner(partnerId),
        _ => Problems.Forbidden($"This key ({scope}) may not read partners; partner feeds take an admin, reader or partner key."),
    };
}
