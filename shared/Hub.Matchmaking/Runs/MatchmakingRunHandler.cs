using CloudNative.CloudEvents;
using Hub.Contracts;
using Hub.Contracts.Matchmaking;
using Hub.Core.Events;
using Hub.Matchmaking.Engine;
using Hub.Matchmaking.Model;
using Hub.Matchmaking.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hub.Matchmaking.Runs;

/// <summary>
/// The engine consumer (<see cref="Consumers.RunMatchmaking"/>): runs the matchmaking run a <c>run.requested</c> event names,
/// in Standalone and in Azure alike, and writes its results straight into the read store.
/// </summary>
/// <remarks>
/// <para><b>No half-written schedule is ever named.</b> Each attempt writes its meetings into a partition of its own
/// (<see cref="MatchmakingRun.PartitionOf"/>); only once every document is written does one status write make the run
/// completed and name that partition. A run that dies mid-way leaves a partition nobody names; its next attempt writes a new
/// one and removes the old.</para>
/// <para><b>Attempts.</b> The request's attempt tells a live request from a stale one. A <c>queued</c> run is run by any
/// request; a <c>running</c> run by a request for its current attempt or later (the run it started died: a crash, a lost
/// lock), which runs it from scratch as the next attempt; a <c>failed</c> run only by the request for its next attempt, and
/// an older request redelivered only makes sure the promised retry is requested. A <c>completed</c> run runs nothing.</para>
/// <para><b>Failures.</b> Bad data (the expo gone, no active exhibitor or buyer) fails the run with the reason and no retry:
/// running it again would fail the same way. Anything else is a fault of the hub: the run fails and its retry is requested
/// for later (<see cref="MatchmakingRunRequests.MaxAttempts"/> in all), as stock reports do.</para>
/// </remarks>
public sealed class MatchmakingRunHandler(
    ExpoStore expos,
    MatchmakingRunStore runs,
    MatchmakingRunRequests requests,
    MatchmakingEngine engine,
    IEventBus bus,
    TimeProvider clock,
    IOptions<MatchmakingRunOptions> options,
    ILogger<MatchmakingRunHandler> logger)
{
    public async Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        // The subscription takes only run requests; anything else is not this handler's to run.
        if (cloudEvent.Type != MatchmakingEventTypes.RunRequested) return;
        var request = HubCloudEvents.GetData<MatchmakingRunRequested>(cloudEvent);
        var stored = await runs.GetAsync(request.ExpoId, request.RunId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            logger.LogWarning("Run request {CloudEventId} names matchmaking run {RunId} of expo {ExpoId}, which was never requested; nothing to run",
                cloudEvent.Id, request.RunId, request.ExpoId);
            return;
        }

        var run = stored.Run;
        switch (run.Status)
        {
            case MatchmakingRunStatuses.Queued when request.Attempt > run.Attempt:
            case MatchmakingRunStatuses.Running when request.Attempt >= run.Attempt:
            case MatchmakingRunStatuses.Failed when request.Attempt > run.Attempt:
                break;
            case MatchmakingRunStatuses.Failed:
                // A redelivery of the request whose run failed: its retry may not have been requested before a crash.
                await requests.RetryAsync(run, cancellationToken).ConfigureAwait(false);
                return;
            case MatchmakingRunStatuses.Completed:
                // A redelivery of the request that completed it: run.completed may not have been published before a crash.
                // Under its id it is one event however often it is published; no subscription keeps it yet.
                await bus.PublishAsync(Topics.Matchmaking, [requests.Completed(run)], cancellationToken).ConfigureAwait(false);
                return;
            default:
                logger.LogInformation("Run request {CloudEventId} (attempt {Attempt}) finds matchmaking run {RunId} {Status} at attempt {Attempts}; nothing to run",
                    cloudEvent.Id, request.Attempt, run.RunId, run.Status, run.Attempt);
                return;
        }

        await RunAsync(stored, cancellationToken).ConfigureAwait(false);
    }

    private async Task RunAsync(StoredRun stored, CancellationToken cancellationToken)
    {
        var attempt = stored.Run.Attempt + 1;
        var partition = MatchmakingRun.PartitionOf(stored.Run.ExpoId, stored.Run.RunId, attempt);
        var running = stored.Run with
        {
            Status = MatchmakingRunStatuses.Running,
            Attempt = attempt,
            StartedAt = clock.GetUtcNow(),
            CompletedAt = null,
            Progress = new MatchmakingProgress("loading", 0),
            Metrics = null,
            ResultPartition = null,
            Error = null,
            RetryAt = null,
        };
        var etag = await runs.ReplaceAsync(running, stored.ETag, cancellationToken).ConfigureAwait(false);
        if (etag is null)
        {
            logger.LogInformation("Matchmaking run {RunId} changed while attempt {Attempt} was starting; another delivery has it", running.RunId, attempt);
            return;
        }

        logger.LogInformation("Matchmaking run {RunId} of expo {ExpoId}: attempt {Attempt} started", running.RunId, running.ExpoId, attempt);
        await RemoveAbandonedAttemptsAsync(running, cancellationToken).ConfigureAwait(false);

        var status = new RunStatusWriter(runs, running, etag);
        MatchmakingRun? completed;
        try
        {
            completed = await ComputeAndStoreAsync(status, partition, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host is stopping: the run stays running, and its redelivered request runs it again as a new attempt.
            throw;
        }
        catch (RunSupersededException)
        {
            logger.LogWarning("Matchmaking run {RunId} was changed by another hand during attempt {Attempt}; this attempt stops and its partition is left unnamed",
                running.RunId, attempt);
            return;
        }
        catch (MatchmakingRunRefusedException e)
        {
            await FailAsync(status, partition, e.Message, retry: false, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Matchmaking run {RunId} failed on attempt {Attempt}", running.RunId, attempt);
            await FailAsync(status, partition, $"The run failed on a fault of the hub: {e.Message}", retry: true, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (completed is null)
        {
            logger.LogWarning("Matchmaking run {RunId} was changed by another hand before attempt {Attempt} could complete it; its partition is left unnamed",
                running.RunId, attempt);
            return;
        }

        // Outside the run's try: the run is completed whatever the bus says now. Should the bus refuse, the request is
        // delivered again, finds the run completed, and publishes this again.
        logger.LogInformation("Matchmaking run {RunId} completed (attempt {Attempt}): {Meetings} meetings, objective {Objective} of bound {Bound}",
            completed.RunId, attempt, completed.Metrics!.MeetingsScheduled, completed.Metrics.Objective, completed.Metrics.UpperBound);
        await bus.PublishAsync(Topics.Matchmaking, [requests.Completed(completed)], cancellationToken).ConfigureAwait(false);
    }

    /// <returns>The completed run, or null when the status changed under this attempt.</returns>
    private async Task<MatchmakingRun?> ComputeAndStoreAsync(RunStatusWriter status, string partition, CancellationToken cancellationToken)
    {
        var run = status.Current;
        var expo = await expos.GetExpoAsync(run.ExpoId, cancellationToken).ConfigureAwait(false)
            ?? throw new MatchmakingRunRefusedException($"expo '{run.ExpoId}' no longer exists");
        var exhibitors = new List<Participant>();
        var buyers = new List<Participant>();
        await foreach (var participant in expos.ParticipantsAsync(run.ExpoId, cancellationToken).ConfigureAwait(false))
            (participant.Kind == ParticipantKind.Exhibitor ? exhibitors : buyers).Add(participant);
        if (!exhibitors.Exists(p => !p.Cancelled)) throw new MatchmakingRunRefusedException("expo has no active exhibitors");
        if (!buyers.Exists(p => !p.Cancelled)) throw new MatchmakingRunRefusedException("expo has no active buyers");

        var previous = await PreviousMeetingsAsync(run, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<PreservedMeeting> preserved = run.PreserveExisting
            ? previous.Values.Select(m => new PreservedMeeting(m.ExhibitorId, m.BuyerId, m.Slot, m.Table)).ToList()
            : [];
        var problem = new MatchmakingProblem(expo, exhibitors, buyers, preserved);

        var outcome = await status.WhileReportingAsync(options.Value.ProgressInterval, cancellationToken,
            (progress, ct) => Task.Run(() => engine.Run(problem, progress, ct), ct)).ConfigureAwait(false);

        var documents = MeetingsDocuments(problem, run, outcome, previous);
        await status.WhileReportingAsync(options.Value.ProgressInterval, cancellationToken, async (progress, ct) =>
        {
            var batch = options.Value.WriteBatchSize;
            for (var i = 0; i < documents.Count; i += batch)
            {
                progress.Report(new MatchmakingProgress("storing", (double)i / documents.Count));
                await runs.WriteMeetingsAsync(partition, run.Attempt, documents.Skip(i).Take(batch).ToList(), ct).ConfigureAwait(false);
            }
            return true;
        }).ConfigureAwait(false);

        // Every document of the attempt is written: one write makes the run completed and names them.
        return await status.WriteAsync(status.Current with
        {
            Status = MatchmakingRunStatuses.Completed,
            CompletedAt = clock.GetUtcNow(),
            Progress = new MatchmakingProgress("done", 1),
            Metrics = outcome.Metrics,
            ResultPartition = partition,
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The meetings of the run this one is based on (the expo's published run when it was requested), by pair: kept where
    /// still feasible when preserving, and the source of each pair's <see cref="MeetingEntry.Sequence"/>. An exhibitor's
    /// document holds each of its meetings once, so reading the exhibitors' documents gives every meeting once.
    /// </summary>
    private async Task<Dictionary<(string Exhibitor, string Buyer), MeetingEntry>> PreviousMeetingsAsync(MatchmakingRun run, CancellationToken cancellationToken)
    {
        var previous = new Dictionary<(string, string), MeetingEntry>();
        if (run.BasedOnRunId is not { } basedOn) return previous;
        var based = await runs.GetAsync(run.ExpoId, basedOn, cancellationToken).ConfigureAwait(false);
        if (based?.Run is not { Status: MatchmakingRunStatuses.Completed, ResultPartition: { } resultPartition })
        {
            logger.LogWarning("Matchmaking run {RunId} is based on run {BasedOn}, which has no completed meetings; nothing is preserved", run.RunId, basedOn);
            return previous;
        }

        await foreach (var document in runs.MeetingsAsync(resultPartition, cancellationToken).ConfigureAwait(false))
        {
            if (document.Kind != ParticipantKind.Exhibitor) continue;
            foreach (var meeting in document.Meetings) previous[(meeting.ExhibitorId, meeting.BuyerId)] = meeting;
        }
        return previous;
    }

    /// <summary>
    /// One document per active participant (an empty list when it got no meeting: it was matched and has none) and any
    /// participant with a meeting; each meeting in both its exhibitor's and its buyer's document.
    /// </summary>
    private static List<ParticipantMeetings> MeetingsDocuments(
        MatchmakingProblem problem, MatchmakingRun run, MatchmakingOutcome outcome, Dictionary<(string Exhibitor, string Buyer), MeetingEntry> previous)
    {
        var participants = problem.Exhibitors.Concat(problem.Buyers).ToDictionary(p => p.Id, StringComparer.Ordinal);
        var meetingsOf = new Dictionary<string, List<MeetingEntry>>(StringComparer.Ordinal);
        foreach (var participant in participants.Values.Where(p => !p.Cancelled)) meetingsOf[participant.Id] = [];

        foreach (var meeting in outcome.Meetings)
        {
            var slot = problem.Grid.Slots[meeting.Slot];
            var sequence = previous.TryGetValue((meeting.ExhibitorId, meeting.BuyerId), out var before)
                ? before.Slot == meeting.Slot && before.Table == meeting.Table ? before.Sequence : before.Sequence + 1
                : 0;
            var entry = new MeetingEntry(meeting.ExhibitorId, participants[meeting.ExhibitorId].Company, meeting.BuyerId, participants[meeting.BuyerId].Company,
                meeting.Slot, slot.Date, slot.Start, slot.End, meeting.Table, meeting.Score, meeting.Reasons, sequence);
            foreach (var id in (string[])[meeting.ExhibitorId, meeting.BuyerId])
            {
                if (!meetingsOf.TryGetValue(id, out var list)) meetingsOf[id] = list = [];
                list.Add(entry);
            }
        }

        return meetingsOf
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new ParticipantMeetings(run.ExpoId, run.RunId, p.Key, participants[p.Key].Kind,
                p.Value.OrderBy(m => m.Slot).ThenBy(m => m.Table).ToList()))
            .ToList();
    }

    private async Task FailAsync(RunStatusWriter status, string partition, string error, bool retry, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var failed = await status.WriteAsync(status.Current with
        {
            Status = MatchmakingRunStatuses.Failed,
            CompletedAt = now,
            Progress = null,
            ResultPartition = null,
            Error = error,
            RetryAt = retry ? requests.RetryTime(status.Current.Attempt, now) : null,
        }, cancellationToken).ConfigureAwait(false);
        if (failed is null) return;

        if (await requests.RetryAsync(failed, cancellationToken).ConfigureAwait(false))
            logger.LogWarning("Matchmaking run {RunId} failed (attempt {Attempt} of {Max}): {Error}; running it again at {RetryAt}",
                failed.RunId, failed.Attempt, MatchmakingRunRequests.MaxAttempts, error, failed.RetryAt);
        else
            logger.LogWarning("Matchmaking run {RunId} failed (attempt {Attempt}): {Error}; it runs again only when requested again", failed.RunId, failed.Attempt, error);
        await bus.PublishAsync(Topics.Matchmaking, [requests.Failed(failed)], cancellationToken).ConfigureAwait(false);
        await RemoveQuietlyAsync(partition, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Best effort: the meetings of earlier attempts, which no status names and none ever will.</summary>
    private async Task RemoveAbandonedAttemptsAsync(MatchmakingRun run, CancellationToken cancellationToken)
    {
        for (var earlier = 1; earlier < run.Attempt; earlier++)
            await RemoveQuietlyAsync(MatchmakingRun.PartitionOf(run.ExpoId, run.RunId, earlier), cancellationToken).ConfigureAwait(false);
    }

    private async Task RemoveQuietlyAsync(string partition, CancellationToken cancellationToken)
    {
        try
        {
            var removed = await runs.DeleteMeetingsAsync(partition, cancellationToken).ConfigureAwait(false);
            if (removed > 0) logger.LogInformation("Removed {Count} meetings documents of abandoned attempt {Partition}", removed, partition);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Nobody names these documents; left behind they cost space, not correctness.
            logger.LogWarning(e, "The meetings of abandoned attempt {Partition} could not be removed", partition);
        }
    }

    /// <summary>
    /// The run's status as this attempt last wrote it, and its ETag. Every write is guarded by the ETag: a write that finds
    /// another version means another hand has the run, and this attempt stops (<see cref="RunSupersededException"/>).
    /// </summary>
    private sealed class RunStatusWriter(MatchmakingRunStore runs, MatchmakingRun current, string etag)
    {
        private readonly Lock _gate = new();
        private MatchmakingProgress? _reported;

        public MatchmakingRun Current { get; private set; } = current;

        /// <returns>The written run, or null when another write came first.</returns>
        public async Task<MatchmakingRun?> WriteAsync(MatchmakingRun run, CancellationToken cancellationToken)
        {
            var written = await runs.ReplaceAsync(run, etag, cancellationToken).ConfigureAwait(false);
            if (written is null) return null;
            etag = written;
            Current = run;
            return run;
        }

        /// <summary>
        /// Runs <paramref name="work"/> and meanwhile writes the latest progress it reports into the status, at most once per
        /// <paramref name="interval"/>; stops the work when the status changed under it.
        /// </summary>
        public async Task<T> WhileReportingAsync<T>(TimeSpan interval, CancellationToken cancellationToken,
            Func<IProgress<MatchmakingProgress>, CancellationToken, Task<T>> work)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var superseded = false;
            var progress = new Progress(this);
            var working = work(progress, stop.Token);
            using var timer = new PeriodicTimer(interval);
            while (!working.IsCompleted)
            {
                var tick = timer.WaitForNextTickAsync(CancellationToken.None).AsTask();
                await Task.WhenAny(working, tick).ConfigureAwait(false);
                if (working.IsCompleted || Take() is not { } latest) continue;
                if (await WriteAsync(Current with { Progress = latest }, cancellationToken).ConfigureAwait(false) is null)
                {
                    superseded = true;
                    break;
                }
            }
            if (!superseded) return await working.ConfigureAwait(false);

            // The work is told to stop and waited for, so that it does not go on behind the attempt that has the run now.
            await stop.CancelAsync().ConfigureAwait(false);
            await ((Task)working).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)
                .ConfigureAwait(false);
            throw new RunSupersededException();
        }

        private MatchmakingProgress? Take()
        {
            lock (_gate)
            {
                var latest = _reported;
                _reported = null;
                return latest;
            }
        }

        private sealed class Progress(RunStatusWriter writer) : IProgress<MatchmakingProgress>
        {
            public void Report(MatchmakingProgress value)
            {
                lock (writer._gate) writer._reported = value;
            }
        }
    }

    private sealed class RunSupersededException : Exception;
}

/// <summary>A run that cannot be run on what the expo holds (bad data, not a fault of the hub): it fails with this reason and is not retried.</summary>
public sealed class MatchmakingRunRefusedException(string message) : Exception(message);
