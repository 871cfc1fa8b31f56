namespace Platform.Projects.Model;

/// <summary>
/// 项目编号 XM-&lt;year&gt;-&lt;region&gt;-&lt;6-digit sequence&gt;, e.g. XM-2027-140322-000123: readable on paper, unique
/// per year and region, numbered by a counter row per (year, region) so replicas never hand out one number twice.
/// </summary>
public static class ProjectCode
{
    public const int MaxSequence = 999_999;

    public static string Format(int year, string regionCode, int sequence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence, MaxSequence);
        return $"XM-{year:D4}-{regionCode}-{sequence:D6}";
    }
}
