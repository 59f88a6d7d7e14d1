using System.Numerics;
using Hub.Matchmaking.Engine;

namespace Hub.Matchmaking.Scheduling;

/// <summary>A problem turned into indexes and bit masks: who is active, available when, and may meet how often.</summary>
internal sealed class Instance
{
    public Instance(MatchmakingProblem problem)
    {
        var grid = problem.Grid;
        E = problem.Exhibitors.Count;
        B = problem.Buyers.Count;
        S = grid.Count;
        W = Math.Max(1, (S + 63) / 64);
        Tables = Math.Max(0, problem.Expo.Tables);
        AvailE = new ulong[E * W];
        AvailB = new ulong[B * W];
        LimitE = new int[E];
        LimitB = new int[B];
        ActiveE = new bool[E];
        ActiveB = new bool[B];
        DayOfSlot = grid.Slots.Select(s => s.DayIndex).ToArray();
        ExhibitorIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        BuyerIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var e = 0; e < E; e++)
        {
            var p = problem.Exhibitors[e];
            ExhibitorIndex.TryAdd(p.Id, e);
            ActiveE[e] = !p.Cancelled;
            LimitE[e] = p.Cancelled ? 0 : Math.Max(0, p.MeetingLimit(problem.Expo));
            foreach (var s in grid.AvailableSlots(p).Members()) AvailE[e * W + (s >> 6)] |= 1UL << (s & 63);
        }

        for (var b = 0; b < B; b++)
        {
            var p = problem.Buyers[b];
            BuyerIndex.TryAdd(p.Id, b);
            ActiveB[b] = !p.Cancelled;
            LimitB[b] = p.Cancelled ? 0 : Math.Max(0, p.MeetingLimit(problem.Expo));
            foreach (var s in grid.AvailableSlots(p).Members()) AvailB[b * W + (s >> 6)] |= 1UL << (s & 63);
        }

        Blocked = new HashSet<long>();
        for (var b = 0; b < B; b++)
            foreach (var id in problem.Buyers[b].BlockedOrEmpty)
                if (ExhibitorIndex.TryGetValue(id, out var e)) Blocked.Add(Key(e, b));
        for (var e = 0; e < E; e++)
            foreach (var id in problem.Exhibitors[e].BlockedOrEmpty)
                if (BuyerIndex.TryGetValue(id, out var b)) Blocked.Add(Key(e, b));
    }

    public int E { get; }
    public int B { get; }
    public int S { get; }
    public int W { get; }
    public int Tables { get; }
    public ulong[] AvailE { get; }
    public ulong[] AvailB { get; }
    public int[] LimitE { get; }
    public int[] LimitB { get; }
    public bool[] ActiveE { get; }
    public bool[] ActiveB { get; }
    public int[] DayOfSlot { get; }
    public HashSet<long> Blocked { get; }
    public Dictionary<string, int> ExhibitorIndex { get; }
    public Dictionary<string, int> BuyerIndex { get; }

    public long Key(int e, int b) => (long)e * B + b;

    public bool AvailableE(int e, int s) => (AvailE[e * W + (s >> 6)] & (1UL << (s & 63))) != 0;

    public bool AvailableB(int b, int s) => (AvailB[b * W + (s >> 6)] & (1UL << (s & 63))) != 0;
}

/// <summary>A meeting on the board: placed in a slot or not (yet); kept ones are preserved meetings, never moved.</summary>
internal sealed class Booking(int exhibitor, int buyer, double score, long profit, bool kept)
{
    public int E { get; } = exhibitor;
    public int B { get; } = buyer;
    public double Score { get; } = score;
    public long Profit { get; } = profit;
    public bool Kept { get; } = kept;
    public int Slot { get; set; } = -1;
    public int Table { get; set; }
}

/// <summary>
/// Who meets whom when, as a schedule is built: per participant the busy slots (bit masks) and the booking in each slot,
/// per slot the load against its tables. Every change goes through <see cref="Place"/> and <see cref="Unplace"/>, which
/// keep these views consistent.
/// </summary>
internal sealed class Board
{
    private readonly Instance _i;

    public Board(Instance instance)
    {
        _i = instance;
        BusyE = new ulong[instance.E * instance.W];
        BusyB = new ulong[instance.B * instance.W];
        AtE = new int[instance.E * instance.S];
        AtB = new int[instance.B * instance.S];
        Array.Fill(AtE, -1);
        Array.Fill(AtB, -1);
        Load = new int[instance.S];
        InSlot = new List<int>[instance.S];
        for (var s = 0; s < instance.S; s++) InSlot[s] = [];
        CountE = new int[instance.E];
        CountB = new int[instance.B];
        Open = new ulong[instance.W];
        for (var s = 0; s < instance.S; s++)
            if (instance.Tables > 0) Open[s >> 6] |= 1UL << (s & 63);
    }

    public Instance Instance => _i;
    public List<Booking> Bookings { get; } = [];
    public ulong[] BusyE { get; }
    public ulong[] BusyB { get; }
    public int[] AtE { get; }
    public int[] AtB { get; }
    public int[] Load { get; }
    public List<int>[] InSlot { get; }
    public int[] CountE { get; }
    public int[] CountB { get; }

    /// <summary>Slots with a free table.</summary>
    public ulong[] Open { get; }

    public int Add(Booking booking)
    {
        Bookings.Add(booking);
        CountE[booking.E]++;
        CountB[booking.B]++;
        return Bookings.Count - 1;
    }

    /// <summary>Forgets a booking that was never placed (or has been unplaced), returning its participants' capacity.</summary>
    public void Drop(int index)
    {
        var m = Bookings[index];
        if (m.Slot >= 0) throw new InvalidOperationException("Unplace a booking before dropping it.");
        CountE[m.E]--;
        CountB[m.B]--;
    }

    public void Place(int index, int slot)
    {
        var m = Bookings[index];
        var w = _i.W;
        var bit = 1UL << (slot & 63);
        m.Slot = slot;
        BusyE[m.E * w + (slot >> 6)] |= bit;
        BusyB[m.B * w + (slot >> 6)] |= bit;
        AtE[m.E * _i.S + slot] = index;
        AtB[m.B * _i.S + slot] = index;
        InSlot[slot].Add(index);
        if (++Load[slot] >= _i.Tables) Open[slot >> 6] &= ~bit;
    }

    public void Unplace(int index)
    {
        var m = Bookings[index];
        var slot = m.Slot;
        var w = _i.W;
        var bit = 1UL << (slot & 63);
        m.Slot = -1;
        BusyE[m.E * w + (slot >> 6)] &= ~bit;
        BusyB[m.B * w + (slot >> 6)] &= ~bit;
        AtE[m.E * _i.S + slot] = -1;
        AtB[m.B * _i.S + slot] = -1;
        InSlot[slot].Remove(index);
        if (--Load[slot] < _i.Tables) Open[slot >> 6] |= bit;
    }

    public bool BusyAtE(int e, int s) => (BusyE[e * _i.W + (s >> 6)] & (1UL << (s & 63))) != 0;

    public bool BusyAtB(int b, int s) => (BusyB[b * _i.W + (s >> 6)] & (1UL << (s & 63))) != 0;

    /// <summary>Slots where both are available and free and a table is free, word <paramref name="w"/>.</summary>
    public ulong FreeCommon(int e, int b, int w)
    {
        var W = _i.W;
        return _i.AvailE[e * W + w] & _i.AvailB[b * W + w] & ~BusyE[e * W + w] & ~BusyB[b * W + w] & Open[w];
    }

    public int CountFreeCommon(int e, int b)
    {
        var count = 0;
        for (var w = 0; w < _i.W; w++) count += BitOperations.PopCount(FreeCommon(e, b, w));
        return count;
    }

    /// <summary>Free available slots of a participant, ignoring tables (its capacity for more meetings).</summary>
    public int FreeSlotsE(int e)
    {
        var count = 0;
        for (var w = 0; w < _i.W; w++) count += BitOperations.PopCount(_i.AvailE[e * _i.W + w] & ~BusyE[e * _i.W + w]);
        return count;
    }

    public int FreeSlotsB(int b)
    {
        var count = 0;
        for (var w = 0; w < _i.W; w++) count += BitOperations.PopCount(_i.AvailB[b * _i.W + w] & ~BusyB[b * _i.W + w]);
        return count;
    }

    public int FreeTables
    {
        get
        {
            var free = 0;
            for (var s = 0; s < _i.S; s++) free += Math.Max(0, _i.Tables - Load[s]);
            return free;
        }
    }

    /// <summary>
    /// The best free slot for a booking of e and b, or -1: the one next to most of their other meetings that day (fewer
    /// idle gaps), then the one with most free tables (keeps room for harder pairs), then the earliest.
    /// </summary>
    public int BestSlot(int e, int b)
    {
        var best = -1;
        var bestAdjacent = -1;
        var bestFree = -1;
        for (var w = 0; w < _i.W; w++)
        {
            var word = FreeCommon(e, b, w);
            while (word != 0)
            {
                var s = (w << 6) + BitOperations.TrailingZeroCount(word);
                word &= word - 1;
                var adjacent = Adjacent(e, b, s);
                var free = _i.Tables - Load[s];
                if (adjacent > bestAdjacent || (adjacent == bestAdjacent && free > bestFree))
                {
                    best = s;
                    bestAdjacent = adjacent;
                    bestFree = free;
                }
            }
        }

        return best;
    }

    public int Adjacent(int e, int b, int s)
    {
        var adjacent = 0;
        var day = _i.DayOfSlot[s];
        if (s > 0 && _i.DayOfSlot[s - 1] == day)
            adjacent += (BusyAtE(e, s - 1) ? 1 : 0) + (BusyAtB(b, s - 1) ? 1 : 0);
        if (s + 1 < _i.S && _i.DayOfSlot[s + 1] == day)
            adjacent += (BusyAtE(e, s + 1) ? 1 : 0) + (BusyAtB(b, s + 1) ? 1 : 0);
        return adjacent;
    }
}
