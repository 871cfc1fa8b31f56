namespace Platform.Contracts.Http;

/// <summary>
/// The calling service's own credentials at the identity provider: <c>Identity:Url</c> (token endpoint
/// <c>&lt;Url&gt;/connect/token</c>), <c>Identity:ClientId</c>, <c>Identity:ClientSecret</c>.
/// </summary>
public sealed class ClientCredentialsOptions
{
    public const string Section = "Identity";

    public string? Url { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>A token is replaced this long before it expires (at most half its lifetime), so none expires in flight.</summary>
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromSeconds(60);

    internal Uri TokenEndpoint()
    {
        var missing = new[] { (nameof(Url), Url), (nameof(ClientId), ClientId), (nameof(ClientSecret), ClientSecret) }
            .Where(s => string.IsNullOrWhiteSpace(s.Item2))
            .Select(s => $"{Section}:{s.Item1}")
            .ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidOperationException(
                $"Service-to-service calls need the setting(s) {string.Join(", ", missing)} (environment variables {string.Join(", ", missing.Select(m => m.Replace(":", "__", StringComparison.Ordinal)))}).");
        }
        return new Uri(Url!.TrimEnd('/') + "/connect/token");
    }
}
