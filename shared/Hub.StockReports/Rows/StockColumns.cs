using System.Text;

namespace Hub.StockReports.Rows;

/// <summary>
/// The canonical columns of a stock report and the header names accepted for each, English and Chinese.
/// Header names are compared after <see cref="Normalise"/>: NFKC (full-width letters become ASCII), lower case,
/// and without whitespace, underscores or hyphens, so <c>On-Hand</c>, <c>on_hand</c> and <c>ON HAND</c> are one name.
/// </summary>
public static class StockColumns
{
    public const string WarehouseCode = "warehouse_code";
    public const string Sku = "sku";
    public const string OnHand = "on_hand";
    public const string Available = "available";
    public const string Reserved = "reserved";
    public const string Unsellable = "unsellable";
    public const string Inbound = "inbound";
    public const string Lot = "lot";
    public const string Expiry = "expiry";
    public const string Description = "description";
    public const string Unit = "unit";
    public const string AsOf = "as_of";

    public static IReadOnlyList<string> Required { get; } = [WarehouseCode, Sku, OnHand];

    /// <summary>Every canonical column, required ones first, in the order used when listing what is accepted.</summary>
    public static IReadOnlyList<string> All { get; } =
        [WarehouseCode, Sku, OnHand, Available, Reserved, Unsellable, Inbound, Lot, Expiry, Description, Unit, AsOf];

    /// <summary>The built-in header names per canonical column; the canonical name itself is always accepted too.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> BuiltInAliases { get; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            [WarehouseCode] = ["warehouse", "warehouse code", "wh", "仓库代码", "仓库编码", "仓库"],
            [Sku] = ["item", "item code", "product code", "商品编码", "SKU编码", "货号"],
            [OnHand] = ["on hand", "quantity", "qty", "在库数量", "库存数量", "现有库存"],
            [Available] = ["可用数量", "可用库存"],
            [Reserved] = ["锁定数量", "预留数量"],
            [Unsellable] = ["damaged", "不良品数量", "残次品数量"],
            [Inbound] = ["in transit", "在途数量"],
            [Lot] = ["batch", "lot no", "批次", "批号"],
            [Expiry] = ["expiry date", "best before", "有效期", "过期日期"],
            [Description] = ["name", "商品名称", "品名"],
            [Unit] = ["uom", "单位"],
            [AsOf] = ["snapshot date", "快照时间", "盘点日期"],
        };

    public static bool IsRequired(string column) => Required.Contains(column, StringComparer.Ordinal);

    /// <summary>The canonical column a name stands for (<c>On Hand</c> -> <c>on_hand</c>), ignoring aliases; null when it is none.</summary>
    public static string? Canonical(string name)
    {
        var normalised = Normalise(name);
        return All.FirstOrDefault(c => Normalise(c) == normalised);
    }

    /// <summary>The form in which header names are compared.</summary>
    public static string Normalise(string name)
    {
        var text = name.Normalize(NormalizationForm.FormKC);
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && c is not ('_' or '-'))
            {
                result.Append(char.ToLowerInvariant(c));
            }
        }

        return result.ToString();
    }
}
