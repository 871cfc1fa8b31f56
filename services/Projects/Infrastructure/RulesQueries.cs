using Microsoft.EntityFrameworkCore;
using Platform.Projects.Model;
using Platform.ServiceDefaults.Scope;

namespace Platform.Projects.Infrastructure;

/// <summary>A region's rules in force, and where they come from.</summary>
public sealed record EffectiveRules(string RegionCode, string? SourceRegionCode, ExAnteRule ExAnteRule, decimal PassMark, uint Version)
{
    /// <summary>Taken from a region above (or the defaults), not set for this region itself.</summary>
    public bool Inherited => SourceRegionCode != RegionCode;
}

public static class RulesQueries
{
    /// <summary>
    /// The rules of <paramref name="regionCode"/>: its own row, else the nearest ancestor's (county → city → province),
    /// else the defaults. Ancestors are read past the region filter on purpose: a county works under its city's rules
    /// even though it may not see the city's projects.
    /// </summary>
    public static async Task<EffectiveRules> EffectiveRulesAsync(this ProjectsDb db, string regionCode, CancellationToken ct)
    {
        string[] chain = [regionCode, .. RegionCodes.Ancestors(regionCode)];
        var rows = await db.Rules.IgnoreQueryFilters([RegionScopeModel.FilterName]).AsNoTracking()
            .Where(r => chain.Contains(r.RegionCode))
            .ToListAsync(ct);
        foreach (var code in chain)
        {
            if (rows.FirstOrDefault(r => r.RegionCode == code) is { } row)
            {
                return new EffectiveRules(regionCode, code, row.ExAnteRule, row.PassMark, code == regionCode ? row.Version : 0);
            }
        }
        return new EffectiveRules(regionCode, null, ExAnteRule.Default, ExAnteScoring.DefaultPassMark, 0);
    }
}
