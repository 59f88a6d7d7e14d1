namespace Hub.Embedded.Idempotency;

/// <summary>
/// Where each idempotency record is on disk, by a 64-bit fingerprint of its scope and key: fingerprint -> row (the
/// table's seq), in buckets of one minute of recording time so that expiry drops whole buckets, oldest first.
/// Neither keys nor values are held: a fingerprint that matches is checked against the row itself.
/// <para>
/// Memory per record, whatever the key and value: a dictionary entry (8 B fingerprint, 8 B seq, 8 B of hash and chain,
/// 4 B of bucket array = 28 B, up to twice that between resizes) and 8 B in its minute's list (up to 16 B) — about 36 to
/// 72 B, against some 200 B for the keys and values as strings. A window of a million records costs 36 to 72 MB. The
/// dictionary keeps the capacity of its largest window, so under constant load it stays flat once the window has passed.
/// </para>
/// </summary>
internal sealed class FingerprintIndex
{
    private const long MinuteMs = 60_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, long> _rows = [];
    // Records of different keys that share a fingerprint: 64-bit collisions, so in practice empty.
    private readonly Dictionary<ulong, List<long>> _sharing = [];
    private readonly Queue<Bucket> _buckets = new();
    private Bucket? _newest;

    public int Count { get { lock (_gate) return _rows.Count + _sharing.Sum(s => s.Value.Count); } }

    /// <summary>Adds the record at row <paramref name="seq"/>, recorded at <paramref name="recordedAtMs"/> (Unix ms).</summary>
    public void Add(ulong fingerprint, long seq, long recordedAtMs)
    {
        var minute = recordedAtMs / MinuteMs;
        lock (_gate)
        {
            // Records arrive in commit order, a clock tick apart at most: one a little older than the newest minute joins it
            // (expiring a minute later), so the buckets stay in order.
            if (_newest is null || minute > _newest.Minute)
            {
                _newest = new Bucket(minute);
                _buckets.Enqueue(_newest);
            }
            if (!_rows.TryAdd(fingerprint, seq))
            {
                if (!_sharing.TryGetValue(fingerprint, out var more)) _sharing[fingerprint] = more = [];
                more.Add(seq);
            }
            _newest.Add(fingerprint, seq);
        }
    }

    /// <summary>The rows whose records may have this fingerprint: none (nearly always for a new key), one, or more after a collision.</summary>
    public long[] Rows(ulong fingerprint)
    {
        lock (_gate)
        {
            if (!_rows.TryGetValue(fingerprint, out var seq)) return [];
            return _sharing.TryGetValue(fingerprint, out var more) ? [seq, .. more] : [seq];
        }
    }

    /// <summary>
    /// Forgets every minute that ended at or before <paramref name="cutoffMs"/>, one minute per hold of the lock so that
    /// look-ups are never held up for long; returns the highest row forgotten, or null when nothing was.
    /// </summary>
    public long? ExpireThrough(long cutoffMs)
    {
        long? through = null;
        while (true)
        {
            lock (_gate)
            {
                if (!_buckets.TryPeek(out var oldest) || (oldest.Minute + 1) * MinuteMs > cutoffMs) return through;
                _buckets.Dequeue();
                if (ReferenceEquals(oldest, _newest)) _newest = null;
                foreach (var fingerprint in oldest.Fingerprints) Forget(fingerprint, oldest.MinSeq, oldest.MaxSeq);
                through = Math.Max(through ?? long.MinValue, oldest.MaxSeq);
            }
        }
    }

    /// <summary>Removes the fingerprint's rows within the bucket's range of seq; a record of another minute that shares it stays.</summary>
    private void Forget(ulong fingerprint, long minSeq, long maxSeq)
    {
        if (!_rows.TryGetValue(fingerprint, out var seq)) return;
        if (_sharing.TryGetValue(fingerprint, out var more))
        {
            more.RemoveAll(s => s >= minSeq && s <= maxSeq);
            if (seq >= minSeq && seq <= maxSeq)
            {
                if (more.Count > 0) { _rows[fingerprint] = more[0]; more.RemoveAt(0); }
                else _rows.Remove(fingerprint);
            }
            if (more.Count == 0) _sharing.Remove(fingerprint);
        }
        else if (seq >= minSeq && seq <= maxSeq) _rows.Remove(fingerprint);
    }

    private sealed class Bucket(long minute)
    {
        public long Minute { get; } = minute;
        public List<ulong> Fingerprints { get; } = [];
        public long MinSeq { get; private set; } = long.MaxValue;
        public long MaxSeq { get; private set; } = long.MinValue;

        public void Add(ulong fingerprint, long seq)
        {
            Fingerprints.Add(fingerprint);
            MinSeq = Math.Min(MinSeq, seq);
            MaxSeq = Math.Max(MaxSeq, seq);
        }
    }
}
