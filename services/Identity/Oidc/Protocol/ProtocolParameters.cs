using Microsoft.Extensions.Primitives;

namespace Platform.Identity.Oidc.Protocol;

/// <summary>
/// The parameters of a protocol request: the query of a GET, the form of a POST
/// (<c>application/x-www-form-urlencoded</c>). RFC 6749 §3.1: a parameter sent twice makes the request invalid.
/// </summary>
public sealed class ProtocolParameters
{
    private readonly IReadOnlyDictionary<string, StringValues> _values;

    private ProtocolParameters(IReadOnlyDictionary<string, StringValues> values) => _values = values;

    public static ProtocolParameters Empty { get; } = new(new Dictionary<string, StringValues>());

    /// <summary>The single value of <paramref name="name"/>; null when absent, empty or repeated.</summary>
    public string? this[string name] =>
        _values.TryGetValue(name, out var value) && value.Count == 1 && !string.IsNullOrEmpty(value[0]) ? value[0] : null;

    public bool Has(string name) => _values.TryGetValue(name, out var value) && value.Count > 0 && !StringValues.IsNullOrEmpty(value);

    /// <summary>The first parameter sent more than once, or null.</summary>
    public string? Duplicated => _values.FirstOrDefault(p => p.Value.Count > 1).Key;

    /// <summary>Non-empty parameters, for rebuilding a request as a URL.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Pairs =>
        _values.Where(p => p.Value.Count == 1 && !string.IsNullOrEmpty(p.Value[0])).Select(p => KeyValuePair.Create(p.Key, p.Value[0]));

    /// <summary>Null when a POST is not form-encoded.</summary>
    public static async Task<ProtocolParameters?> ReadAsync(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method))
        {
            return new ProtocolParameters(request.Query.ToDictionary(q => q.Key, q => q.Value, StringComparer.Ordinal));
        }
        return await ReadFormAsync(request);
    }

    /// <summary>The form of a POST; null when the body is not form-encoded.</summary>
    public static async Task<ProtocolParameters?> ReadFormAsync(HttpRequest request)
    {
        if (!request.HasFormContentType || request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) != true)
        {
            return null;
        }
        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        return new ProtocolParameters(form.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal));
    }
}
