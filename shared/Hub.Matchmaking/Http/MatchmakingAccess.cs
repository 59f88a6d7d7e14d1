using Hub.Core.Auth;
using Hub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace Hub.Matchmaking.Http;

/// <summary>
/// The scope check of every matchmaking route: <c>admin</c> reads and changes every expo, <c>reader</c> reads every expo,
/// <c>organiser:&lt;expoId&gt;</c> reads and changes its own expo only, any other key is refused (403). An organiser asking
/// for another expo is answered exactly as for an expo that does not exist (<see cref="UnknownExpo"/>), so that a key
/// cannot learn which expos exist.
/// </summary>
public sealed class MatchmakingAccess(ApiKeyAuthenticator authenticator)
{
    /// <summary>The 404 of an expo that does not exist, or that the caller's key may not see: the same answer for both.</summary>
    public static IResult UnknownExpo(string expoId) => Problems.NotFound($"No expo '{expoId}'.");

    /// <summary>Null when the caller may read <paramref name="expoId"/>; otherwise the 401, 403 or 404 to answer.</summary>
    public IResult? CheckRead(HttpRequest request, string expoId) => Check(request, expoId, write: false);

    /// <summary>Null when the caller may change <paramref name="expoId"/>; otherwise the 401, 403 or 404 to answer.</summary>
    public IResult? CheckWrite(HttpRequest request, string expoId) => Check(request, expoId, write: true);

    private IResult? Check(HttpRequest request, string expoId, bool write) =>
        authenticator.Challenge(request, out var scope) ?? Refuse(scope, expoId, write);

    /// <summary>Null when a key of <paramref name="scope"/> may read (or, with <paramref name="write"/>, change) the expo; otherwise the 403 or 404.</summary>
    public static IResult? Refuse(KeyScope scope, string expoId, bool write)
    {
        switch (scope.Role)
        {
            case KeyRole.Admin:
                return null;
            case KeyRole.Reader:
                return write ? Problems.Forbidden($"This key ({scope}) reads expos; it may not change them.") : null;
            case KeyRole.Organiser:
                return scope.Id == expoId ? null : UnknownExpo(expoId);
            default:
                return Problems.Forbidden($"This key ({scope}) may not {(write ? "change" : "read")} expos; matchmaking takes an admin, reader or organiser key.");
        }
    }
}
