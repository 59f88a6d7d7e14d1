using Hub.PartnerFeeds.Model;
using Microsoft.Extensions.Logging;

namespace Hub.PartnerFeeds.Sync;

/// <summary>
/// One pull's hold on its (partner, feed): only the holder advances the checkpoint, and only while the state still names it.
/// Renewed every third of its duration while the pull runs; a holder that dies stops renewing and the lease lapses, after
/// which another pull may take it. A holder that finds the lease taken (it lapsed under a stalled holder) stops at once:
/// <see cref="Lost"/> is cancelled, and no write of its own changes the state again.
/// </summary>
public sealed class PartnerFeedLease : IAsyncDisposable
{
    private readonly PartnerFeedStates states;
    private readonly TimeProvider time;
    private readonly TimeSpan duration;
    private readonly ILogger logger;
    private readonly SemaphoreSlim writes = new(1, 1);
    private readonly CancellationTokenSource lost = new();
    private readonly CancellationTokenSource stopRenewing = new();
    private Task? renewing;

    private PartnerFeedLease(PartnerFeedStates states, TimeProvider time, TimeSpan duration, ILogger logger, PartnerFeedState state, string holder)
    {
        this.states = states;
        this.time = time;
        this.duration = duration;
        this.logger = logger;
        State = state;
        Holder = holder;
    }

    public string Holder { get; }

    /// <summary>The state as this holder last wrote it.</summary>
    public PartnerFeedState State { get; private set; }

    /// <summary>Cancelled once another pull has the lease.</summary>
    public CancellationToken Lost => lost.Token;

    /// <summary>
    /// Takes the lease when nobody holds it or its holder's time has passed; null (with who holds it until when) otherwise.
    /// </summary>
    public static async Task<(PartnerFeedLease? Lease, PartnerFeedState Current)> TryAcquireAsync(PartnerFeedStates states, string partnerId, string feed,
        string holder, TimeProvider time, TimeSpan duration, ILogger logger, CancellationToken cancellationToken)
    {
        PartnerFeedState? held = null;
        var written = await states.UpdateAsync(partnerId, feed, s =>
        {
            var now = time.GetUtcNow();
            if (s.LeaseHolder is not null && s.LeaseUntil > now) { held = s; return null; }
            return s with { LeaseHolder = holder, LeaseUntil = now + duration };
        }, cancellationToken).ConfigureAwait(false);
        if (written is not { } taken) return (null, held!);
        var lease = new PartnerFeedLease(states, time, duration, logger, taken.State, holder);
        lease.renewing = lease.RenewAsync();
        return (lease, taken.State);
    }

    /// <summary>Applies <paramref name="change"/> and extends the lease; false (and <see cref="Lost"/>) when the lease is no longer this holder's.</summary>
    public Task<bool> WriteAsync(Func<PartnerFeedState, PartnerFeedState> change, CancellationToken cancellationToken) =>
        WriteCoreAsync(s => change(s) with { LeaseHolder = Holder, LeaseUntil = time.GetUtcNow() + duration }, cancellationToken);

    /// <summary>Applies <paramref name="change"/> and gives the lease up, so that the next pull need not wait for it to lapse.</summary>
    public async Task<bool> ReleaseAsync(Func<PartnerFeedState, PartnerFeedState> change, CancellationToken cancellationToken)
    {
        await StopRenewingAsync().ConfigureAwait(false);
        return await WriteCoreAsync(s => change(s) with { LeaseHolder = null, LeaseUntil = null }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> WriteCoreAsync(Func<PartnerFeedState, PartnerFeedState> change, CancellationToken cancellationToken)
    {
        await writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (lost.IsCancellationRequested) return false;
            var written = await states.UpdateAsync(State.PartnerId, State.Feed, s => s.LeaseHolder == Holder ? change(s) : null, cancellationToken)
                .ConfigureAwait(false);
            if (written is { } w)
            {
                State = w.State;
                return true;
            }
            logger.LogWarning("Pull {Holder} of feed {Feed} of partner {PartnerId} lost its lease to another pull; it stops", Holder, State.Feed, State.PartnerId);
            await lost.CancelAsync().ConfigureAwait(false);
            return false;
        }
        finally
        {
            writes.Release();
        }
    }

    private async Task RenewAsync()
    {
        using var timer = new PeriodicTimer(duration / 3, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopRenewing.Token).ConfigureAwait(false))
            {
                try
                {
                    if (!await WriteAsync(s => s, stopRenewing.Token).ConfigureAwait(false)) return;
                }
                catch (Exception e) when (!stopRenewing.IsCancellationRequested)
                {
                    // A store that fails now may answer the next renewal; the lease lapses only if it stays down past the duration.
                    logger.LogWarning(e, "Renewing the lease of pull {Holder} failed; trying again in {Interval}", Holder, duration / 3);
                }
            }
        }
        catch (OperationCanceledException) when (stopRenewing.IsCancellationRequested)
        {
        }
    }

    private async Task StopRenewingAsync()
    {
        if (!stopRenewing.IsCancellationRequested) await stopRenewing.CancelAsync().ConfigureAwait(false);
        if (renewing is not null) await renewing.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopRenewingAsync().ConfigureAwait(false);
        stopRenewing.Dispose();
        lost.Dispose();
        writes.Dispose();
    }
}
