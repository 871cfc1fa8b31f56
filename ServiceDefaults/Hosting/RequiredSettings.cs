namespace Platform.ServiceDefaults.Hosting;

/// <summary>Reads settings a service cannot run without, failing at start with the key's name.</summary>
public static class RequiredSettings
{
    public static string Get(IConfiguration configuration, string key)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new StartupRefusedException(
                $"Missing required setting '{key}' (environment variable {key.Replace(":", "__", StringComparison.Ordinal)}); set it and start again.");
        }
        return value;
    }

    public static string ConnectionString(IConfiguration configuration, string name) =>
        Get(configuration, $"ConnectionStrings:{name}");
}
