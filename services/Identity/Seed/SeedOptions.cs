using Platform.ServiceDefaults.Hosting;

namespace Platform.Identity.Seed;

/// <summary>
/// What the first start puts in an empty directory: the demo province (<c>Identity:Demo:*</c>) or one bootstrap
/// administrator (<c>Identity:Bootstrap:*</c>).
/// </summary>
public sealed record SeedOptions
{
    public const string DemoEnabledKey = "Identity:Demo:Enabled";
    public const string DemoPasswordKey = "Identity:Demo:Password";
    public const string DemoAccountsFileKey = "Identity:Demo:AccountsFile";
    public const string BootstrapPasswordFileKey = "Identity:Bootstrap:PasswordFile";
    public const string BootstrapRegionCodeKey = "Identity:Bootstrap:RegionCode";
    public const string BootstrapRegionNameKey = "Identity:Bootstrap:RegionName";

    public bool DemoEnabled { get; init; }

    /// <summary>The one password of every demo account.</summary>
    public string? DemoPassword { get; init; }

    /// <summary>Where the demo accounts are listed (rewritten on every start in demo mode), or null.</summary>
    public string? DemoAccountsFile { get; init; }

    /// <summary>Where the bootstrap administrator's one-time password is written; without it no administrator is created.</summary>
    public string? BootstrapPasswordFile { get; init; }

    public string BootstrapRegionCode { get; init; } = "140000";

    public string BootstrapRegionName { get; init; } = "山西省";

    /// <exception cref="StartupRefusedException">Demo mode without its password.</exception>
    public static SeedOptions From(IConfiguration configuration)
    {
        var demo = configuration.GetValue<bool>(DemoEnabledKey);
        return new SeedOptions
        {
            DemoEnabled = demo,
            DemoPassword = demo ? RequiredSettings.Get(configuration, DemoPasswordKey) : null,
            DemoAccountsFile = Blank(configuration[DemoAccountsFileKey]),
            BootstrapPasswordFile = Blank(configuration[BootstrapPasswordFileKey]),
            BootstrapRegionCode = Blank(configuration[BootstrapRegionCodeKey]) ?? "140000",
            BootstrapRegionName = Blank(configuration[BootstrapRegionNameKey]) ?? "山西省",
        };
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
