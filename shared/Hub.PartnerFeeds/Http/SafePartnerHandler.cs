using System.Net;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;

namespace Hub.PartnerFeeds.Http;

/// <summary>Resolves a partner host name to its addresses (by default <see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/>).</summary>
public delegate Task<IPAddress[]> PartnerHostResolver(string host, CancellationToken cancellationToken);

/// <summary>Opens a connection to an address that <see cref="PartnerAddressPolicy"/> has already allowed.</summary>
public delegate ValueTask<Stream> PartnerDialer(IPEndPoint endpoint, CancellationToken cancellationToken);

/// <summary>
/// The primary handler of every partner request. It never follows redirects, never goes through a proxy, and resolves the host
/// itself in its <see cref="SocketsHttpHandler.ConnectCallback"/>: every address is judged by the policy and the socket is connected
/// to the judged <see cref="IPEndPoint"/>, never to the name, so a DNS answer that changes between a check and the connect (DNS
/// rebinding) cannot reach an address that was not checked. Each new connection resolves and checks again.
/// </summary>
public static class SafePartnerHandler
{
    public static readonly PartnerHostResolver ResolveWithDns = (host, ct) => Dns.GetHostAddressesAsync(host, ct);

    public static readonly PartnerDialer DialWithSocket = DialAsync;

    public static SocketsHttpHandler Create(PartnerAddressPolicy policy, PartnerHostResolver? resolver = null, PartnerDialer? dialer = null,
        TimeSpan? connectTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var connector = new PartnerConnector(policy, resolver ?? ResolveWithDns, dialer ?? DialWithSocket);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            // A proxy would be connected to instead of the partner, and the check would judge the proxy's address.
            UseProxy = false,
            ConnectCallback = connector.ConnectAsync,
            // New connections now and then, so that a partner's DNS changes are seen (each one is checked again).
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        if (connectTimeout is { } timeout) handler.ConnectTimeout = timeout;
        return handler;
    }

    private static async ValueTask<Stream> DialAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>The connect step of <see cref="SafePartnerHandler"/>: resolve, judge every address, dial only a judged address.</summary>
public sealed class PartnerConnector(PartnerAddressPolicy policy, PartnerHostResolver resolver, PartnerDialer dialer)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var port = context.DnsEndPoint.Port;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await resolver(host, cancellationToken);
        if (addresses.Length == 0) throw new SocketException((int)SocketError.HostNotFound);

        // Refused if ANY address is refused, not "dial the allowed ones": a name that mixes a public address with a private one is
        // either misconfigured or an attack, and which address a later connection (or another resolver) picks is not ours to know.
        foreach (var address in addresses)
            if (policy.RefusalFor(address) is { } refusal) throw new PartnerAddressRefusedException(host, address, refusal);

        // Plain http is only allowed (by PartnerRequestGuard) when loopback is; it then must not leave this machine.
        if (context.InitialRequestMessage.RequestUri?.Scheme == Uri.UriSchemeHttp)
            foreach (var address in addresses)
                if (!IsLoopback(address))
                    throw new PartnerAddressRefusedException(host, address,
                        new PartnerAddressRefusal(PartnerAddressKind.NotLoopbackForPlainHttp, "plain http may reach loopback only; other addresses need https"));

        Exception? last = null;
        foreach (var address in addresses)
        {
            try
            {
                return await dialer(new IPEndPoint(address, port), cancellationToken);
            }
            catch (SocketException e)
            {
                last = e;
            }
        }
        ExceptionDispatchInfo.Throw(last!);
        throw last;
    }

    private static bool IsLoopback(IPAddress address) =>
        IPAddress.IsLoopback(address) || (address.IsIPv4MappedToIPv6 && IPAddress.IsLoopback(address.MapToIPv4()));
}
