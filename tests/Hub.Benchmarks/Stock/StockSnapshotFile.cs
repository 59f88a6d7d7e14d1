using System.Globalization;
using System.Text;

namespace Hub.Benchmarks.Stock;

/// <summary>A synthetic overseas-warehouse stock snapshot CSV: 20 warehouses, realistic SKUs, some quoted descriptions with commas.</summary>
public static class StockSnapshotFile
{
    public const string Header = "warehouse_code,sku,on_hand,available,reserved,unsellable,inbound,lot,expiry,description,unit,as_of";
    public const int DefaultSeed = 20250630;

    public static IReadOnlyList<string> Columns { get; } = Header.Split(',');

    public static IReadOnlyList<string> Warehouses { get; } =
    [
        "US-LAX1", "US-LAX2", "US-ONT1", "US-NJ1", "US-NJ2", "US-ATL1", "US-DFW1", "US-CHI1", "CA-YYZ1", "CA-YVR1",
        "UK-LHR1", "UK-MAN1", "DE-FRA1", "DE-HAM1", "FR-CDG1", "NL-AMS1", "PL-WAW1", "ES-MAD1", "IT-MXP1", "AU-SYD1",
    ];

    private static readonly string[] Families = ["PT", "HT", "FS", "EL", "GD", "KT", "AU", "LT"];
    private static readonly string[] Colours = ["BLK", "RED", "BLU", "GRN", "YEL", "WHT"];
    private static readonly string[] Plain =
    [
        "Cordless drill 18V", "Angle grinder 125mm", "Hex key set", "LED work light", "Garden hose 15m", "Tape measure 5m",
        "Impact driver", "Spirit level 60cm", "Cable ties 200", "Safety goggles", "Wood chisel 20mm", "Bit set 32pc",
    ];
    private static readonly string[] Quoted =
    [
        "\"Socket set, 1/4\"\" drive, 40 pcs\"", "\"Work gloves, nitrile, size L\"", "\"Extension cord, 10m, 3 outlets\"",
        "\"Drill bits, HSS, 1-10mm\"", "\"Pliers, long nose, 200mm\"",
    ];
    private static readonly string[] Units = ["pcs", "pcs", "pcs", "set", "box", "roll"];

    /// <summary>
    /// One generated row. Numbers are text as the CSV has them; empty optional cells are "". <see cref="DescriptionCsv"/> is
    /// the description as written to the CSV (quoted and escaped where it has commas); <see cref="Description"/> its value.
    /// </summary>
    public sealed record Row(
        string Warehouse, string Sku, int OnHand, int Available, int Reserved, int Unsellable, string Inbound,
        string Lot, string Expiry, string DescriptionCsv, string Unit, string AsOf)
    {
        public string Description => DescriptionCsv.StartsWith('"') ? DescriptionCsv[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : DescriptionCsv;
    }

    /// <summary>What a generated file holds, for the end-to-end benchmark's checks.</summary>
    /// <param name="LastSkuByWarehouse">The SKU of each warehouse's last row: it travels in that warehouse's last batch.</param>
    public sealed record Written(long Bytes, int Rows, IReadOnlyDictionary<string, string> LastSkuByWarehouse);

    /// <summary>Writes <paramref name="rows"/> data rows (deterministic) to <paramref name="path"/>; returns its size in bytes.</summary>
    public static long Write(string path, int rows) => Write(path, Generate(rows)).Bytes;

    /// <summary>Writes <paramref name="rows"/> (see <see cref="Generate"/>) as the snapshot CSV: UTF-8 without BOM, LF.</summary>
    public static Written Write(string path, IEnumerable<Row> rows)
    {
        var last = new Dictionary<string, string>(StringComparer.Ordinal);
        var count = 0;
        using (var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20))
        {
            var inv = CultureInfo.InvariantCulture;
            writer.NewLine = "\n";
            writer.WriteLine(Header);
            var line = new StringBuilder(160);
            foreach (var r in rows)
            {
                line.Clear()
                    .Append(r.Warehouse).Append(',')
                    .Append(r.Sku).Append(',')
                    .Append(r.OnHand.ToString(inv)).Append(',')
                    .Append(r.Available.ToString(inv)).Append(',')
                    .Append(r.Reserved.ToString(inv)).Append(',')
                    .Append(r.Unsellable.ToString(inv)).Append(',')
                    .Append(r.Inbound).Append(',')
                    .Append(r.Lot).Append(',')
                    .Append(r.Expiry).Append(',')
                    .Append(r.DescriptionCsv).Append(',')
                    .Append(r.Unit).Append(',')
                    .Append(r.AsOf);
                writer.WriteLine(line);
                last[r.Warehouse] = r.Sku;
                count++;
            }
        }
        return new Written(new FileInfo(path).Length, count, last);
    }

    /// <summary>
    /// The rows of a snapshot, deterministic for a seed. With <paramref name="uniqueKeys"/>, a (warehouse, sku) drawn again is
    /// drawn anew, so that every row is a stock level of its own (a real snapshot lists each SKU of a warehouse once);
    /// without, about 0.5% of a million rows repeat an earlier (warehouse, sku), as the <c>stock-parse</c> file always has.
    /// </summary>
    public static IEnumerable<Row> Generate(int rows, int seed = DefaultSeed, bool uniqueKeys = false, IReadOnlyList<string>? warehouses = null)
    {
        warehouses ??= Warehouses;
        var random = new Random(seed);
        var inv = CultureInfo.InvariantCulture;
        var seen = uniqueKeys ? new HashSet<(string, string)>() : null;
        for (var i = 0; i < rows; i++)
        {
            var onHand = random.Next(0, 5_000);
            var reserved = onHand == 0 ? 0 : random.Next(0, onHand / 10 + 1);
            var unsellable = onHand == 0 ? 0 : random.Next(0, onHand / 50 + 1);
            var available = onHand - reserved - unsellable;
            var hasLot = random.Next(4) == 0;
            string warehouse, sku;
            do
            {
                warehouse = warehouses[random.Next(warehouses.Count)];
                sku = string.Concat("ZJ-", Families[random.Next(Families.Length)], "-",
                    random.Next(100_000).ToString("D6", inv), "-", Colours[random.Next(Colours.Length)]);
            }
            while (seen is not null && !seen.Add((warehouse, sku)));
            var inbound = random.Next(3) == 0 ? random.Next(1, 2_000).ToString(inv) : "";
            var lot = hasLot ? "L25" + random.Next(10_000).ToString("D4", inv) : "";
            var expiry = hasLot ? new DateOnly(2026, 1, 1).AddDays(random.Next(730)).ToString("yyyy-MM-dd", inv) : "";
            var description = random.Next(10) == 0 ? Quoted[random.Next(Quoted.Length)] : Plain[random.Next(Plain.Length)];
            var unit = Units[random.Next(Units.Length)];
            yield return new Row(warehouse, sku, onHand, available, reserved, unsellable, inbound, lot, expiry, description, unit, "2025-06-30T10:00:00Z");
        }
    }
}
