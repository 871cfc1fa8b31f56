namespace Platform.Identity.Directory;

/// <summary>What an update changed, for the audit comment: "名称：甲 → 乙；状态：active → inactive".</summary>
public sealed class ChangeList
{
    private readonly List<string> _changes = [];

    public bool Any => _changes.Count > 0;

    public ChangeList Add(string label, string? from, string? to)
    {
        if (!string.Equals(from, to, StringComparison.Ordinal))
        {
            _changes.Add($"{label}：{from ?? "（空）"} → {to ?? "（空）"}");
        }
        return this;
    }

    public override string ToString() => string.Join("；", _changes);
}
