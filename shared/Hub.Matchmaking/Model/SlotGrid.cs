namespace Hub.Matchmaking.Model;

/// <summary>One meeting slot of an expo: its index in <see cref="SlotGrid.Slots"/>, its day and its local start and end.</summary>
public readonly record struct Slot(int Index, int DayIndex, DateOnly Date, TimeOnly Start, TimeOnly End);

/// <summary>
/// The meeting slots of an expo, numbered from 0 across all days in time order: each day holds the whole slots of
/// <see cref="Expo.SlotMinutes"/> that fit between its opening and closing, starting at opening time. Schedules name slots
/// by this index; outputs turn it back into a day and times.
/// </summary>
public sealed class SlotGrid
{
    private readonly int[] _firstSlotOfDay;

    public SlotGrid(Expo expo)
    {
        Expo = expo;
        var slots = new List<Slot>();
        _firstSlotOfDay = new int[expo.Days.Count + 1];
        for (var d = 0; d < expo.Days.Count; d++)
        {
            _firstSlotOfDay[d] = slots.Count;
            var day = expo.Days[d];
            var length = TimeSpan.FromMinutes(expo.SlotMinutes);
            for (var start = day.Opens.ToTimeSpan(); start + length <= day.Closes.ToTimeSpan(); start += length)
                slots.Add(new Slot(slots.Count, d, day.Date, TimeOnly.FromTimeSpan(start), TimeOnly.FromTimeSpan(start + length)));
        }

        _firstSlotOfDay[expo.Days.Count] = slots.Count;
        Slots = slots;
    }

    public Expo Expo { get; }

    public IReadOnlyList<Slot> Slots { get; }

    public int Count => Slots.Count;

    /// <summary>The slots of day <paramref name="dayIndex"/>: indexes [start, end).</summary>
    public (int Start, int End) SlotsOfDay(int dayIndex) => (_firstSlotOfDay[dayIndex], _firstSlotOfDay[dayIndex + 1]);

    /// <summary>
    /// The slots <paramref name="participant"/> can meet in: every slot when it states no availability, otherwise those
    /// that lie wholly inside one of its windows. A window on a day the expo is not open gives nothing.
    /// </summary>
    public SlotSet AvailableSlots(Participant participant)
    {
        var set = new SlotSet(Count);
        if (participant.Availability is null)
        {
            set.AddAll();
            return set;
        }

        foreach (var window in participant.Availability)
        {
            for (var d = 0; d < Expo.Days.Count; d++)
            {
                if (Expo.Days[d].Date != window.Day) continue;
                var (start, end) = SlotsOfDay(d);
                for (var s = start; s < end; s++)
                    if (Slots[s].Start >= window.From && Slots[s].End <= window.To) set.Add(s);
            }
        }

        return set;
    }
}

/// <summary>A set of slot indexes as a bit set: availability is intersected for every candidate pair, so it must be cheap.</summary>
public sealed class SlotSet
{
    private readonly ulong[] _words;

    public SlotSet(int capacity)
    {
        Capacity = capacity;
        _words = new ulong[(capacity + 63) / 64];
    }

    public int Capacity { get; }

    public bool Contains(int slot) => (_words[slot >> 6] & (1UL << (slot & 63))) != 0;

    public void Add(int slot) => _words[slot >> 6] |= 1UL << (slot & 63);

    public void Remove(int slot) => _words[slot >> 6] &= ~(1UL << (slot & 63));

    public void AddAll()
    {
        for (var s = 0; s < Capacity; s++) Add(s);
    }

    public int Count
    {
        get
        {
            var count = 0;
            foreach (var word in _words) count += System.Numerics.BitOperations.PopCount(word);
            return count;
        }
    }

    /// <summary>How many slots both sets hold.</summary>
    public int CountCommon(SlotSet other)
    {
        var count = 0;
        for (var i = 0; i < _words.Length; i++) count += System.Numerics.BitOperations.PopCount(_words[i] & other._words[i]);
        return count;
    }

    public bool Overlaps(SlotSet other)
    {
        for (var i = 0; i < _words.Length; i++)
            if ((_words[i] & other._words[i]) != 0) return true;
        return false;
    }

    public IEnumerable<int> Members()
    {
        for (var i = 0; i < _words.Length; i++)
        {
            var word = _words[i];
            while (word != 0)
            {
                var bit = System.Numerics.BitOperations.TrailingZeroCount(word);
                yield return (i << 6) + bit;
                word &= word - 1;
            }
        }
    }
}
