using System.Globalization;
using System.Text;

namespace Hub.Benchmarks.Stock;

/// <summary>A synthetic overseas-warehouse stock snapshot CSV: 20 warehouses, realistic SKUs, some quoted descriptions with commas.</summary>
public static class StockSnapshotFile
{
    public const string Header = "warehouse_code,sku,on_hand,available,reserved,unsellable,inbound,lot,expiry,description,unit,as_of";

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

    /// <summary>Writes <paramref name="rows"/> data rows (deterministic) to <paramref name="path"/>; returns its size in bytes.</summary>
    public static long Write(string path, int rows)
    {
        var random = new Random(20250630);
        var inv = CultureInfo.InvariantCulture;
        using (var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20))
        {
            writer.NewLine = "\n";
            writer.WriteLine(Header);
            var line = new StringBuilder(160);
            for (var i = 0; i < rows; i++)
            {
                var onHand = random.Next(0, 5_000);
                var reserved = onHand == 0 ? 0 : random.Next(0, onHand / 10 + 1);
                var unsellable = onHand == 0 ? 0 : random.Next(0, onHand / 50 + 1);
                var available = onHand - reserved - unsellable;
                var hasLot = random.Next(4) == 0;
                line.Clear()
                    .Append(Warehouses[random.Next(Warehouses.Count)]).Append(',')
                    .Append("ZJ-").Append(Families[random.Next(Families.Length)]).Append('-')
                    .Append(random.Next(100_000).ToString("D6", inv)).Append('-').Append(Colours[random.Next(Colours.Length)]).Append(',')
                    .Append(onHand.ToString(inv)).Append(',')
                    .Append(available.ToString(inv)).Append(',')
                    .Append(reserved.ToString(inv)).Append(',')
                    .Append(unsellable.ToString(inv)).Append(',')
                    .Append(random.Next(3) == 0 ? random.Next(1, 2_000).ToString(inv) : "").Append(',')
                    .Append(hasLot ? "L25" + random.Next(10_000).ToString("D4", inv) : "").Append(',')
                    .Append(hasLot ? new DateOnly(2026, 1, 1).AddDays(random.Next(730)).ToString("yyyy-MM-dd", inv) : "").Append(',')
                    .Append(random.Next(10) == 0 ? Quoted[random.Next(Quoted.Length)] : Plain[random.Next(Plain.Length)]).Append(',')
                    .Append(Units[random.Next(Units.Length)]).Append(',')
                    .Append("2025-06-30T10:00:00Z");
                writer.WriteLine(line);
            }
        }
        return new FileInfo(path).Length;
    }
}
