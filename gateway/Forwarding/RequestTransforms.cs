namespace Platform.Gateway.Forwarding;

/// <summary>A route's request transforms (YARP's <c>PathRemovePrefix</c>, <c>PathPrefix</c>,
/// <c>RequestHeader</c> + <c>Set</c>/<c>Append</c>, <c>RequestHeaderRemove</c>), applied in order.</summary>
public sealed class RequestTransforms
{
    public static readonly RequestTransforms None = new([], []);

    private readonly PathTransform[] _path;
    private readonly HeaderTransform[] _headers;

    private RequestTransforms(PathTransform[] path, HeaderTransform[] headers)
    {
        _path = path;
        _headers = headers;
    }

    /// <summary>Compiles the configured list; throws <see cref="ProxyConfigException"/> naming the entry.</summary>
    public static RequestTransforms Parse(IReadOnlyList<Dictionary<string, string>> transforms, string key)
    {
        if (transforms.Count == 0)
        {
            return None;
        }

        var path = new List<PathTransform>();
        var headers = new List<HeaderTransform>();
        for (var i = 0; i < transforms.Count; i++)
        {
            var entry = new Dictionary<string, string>(transforms[i], StringComparer.OrdinalIgnoreCase);
            var entryKey = $"{key}:{i}";
            if (entry.TryGetValue("PathRemovePrefix", out var remove) && entry.Count == 1)
            {
                path.Add(new PathTransform(Remove: true, RequirePath(remove, entryKey)));
            }
            else if (entry.TryGetValue("PathPrefix", out var prefix) && entry.Count == 1)
            {
                path.Add(new PathTransform(Remove: false, RequirePath(prefix, entryKey)));
            }
            else if (entry.TryGetValue("RequestHeader", out var name) && entry.Count == 2
                && (entry.TryGetValue("Set", out var value) || entry.TryGetValue("Append", out value)))
            {
                headers.Add(new HeaderTransform(RequireName(name, entryKey), value, entry.ContainsKey("Append") ? HeaderAction.Append : HeaderAction.Set));
            }
            else if (entry.TryGetValue("RequestHeaderRemove", out var removed) && entry.Count == 1)
            {
                headers.Add(new HeaderTransform(RequireName(removed, entryKey), null, HeaderAction.Remove));
            }
            else
            {
                throw new ProxyConfigException(
                    $"{entryKey}: unsupported transform; use PathRemovePrefix, PathPrefix, RequestHeader with Set or Append, or RequestHeaderRemove.");
            }
        }

        return new RequestTransforms([.. path], [.. headers]);
    }

    /// <summary>The path to send upstream, and the part removed from the front (for X-Forwarded-Prefix).</summary>
    public PathString TransformPath(PathString path, out PathString removedPrefix)
    {
        removedPrefix = PathString.Empty;
        foreach (var transform in _path)
        {
            if (!transform.Remove)
            {
                path = transform.Value.Add(path);
            }
            else if (path.StartsWithSegments(transform.Value, StringComparison.OrdinalIgnoreCase, out var remaining))
            {
                removedPrefix = removedPrefix.Add(transform.Value);
                path = remaining;
            }
        }

        return path;
    }

    public bool HasHeaderTransforms => _headers.Length > 0;

    public void ApplyHeaders(HttpRequestMessage request)
    {
        foreach (var transform in _headers)
        {
            if (transform.Action != HeaderAction.Append)
            {
                request.Headers.Remove(transform.Name);
                request.Content?.Headers.Remove(transform.Name);
            }

            if (transform.Action != HeaderAction.Remove && transform.Value is not null
                && !request.Headers.TryAddWithoutValidation(transform.Name, transform.Value))
            {
                request.Content?.Headers.TryAddWithoutValidation(transform.Name, transform.Value);
            }
        }
    }

    private static PathString RequirePath(string value, string key) =>
        value.StartsWith('/') && value.Length > 1
            ? new PathString(value.TrimEnd('/'))
            : throw new ProxyConfigException($"{key}: a path transform needs a value starting with '/', got '{value}'.");

    private static string RequireName(string value, string key) =>
        !string.IsNullOrWhiteSpace(value) && value.All(c => c > ' ' && c < 127 && c != ':')
            ? value
            : throw new ProxyConfigException($"{key}: '{value}' is not a valid header name.");

    private enum HeaderAction
    {
        Set,
        Append,
        Remove,
    }

    private sealed record PathTransform(bool Remove, PathString Value);

    private sealed record HeaderTransform(string Name, string? Value, HeaderAction Action);
}

/// <summary>An invalid <c>ReverseProxy</c> configuration; the message names the offending key.</summary>
public sealed class ProxyConfigException(string message) : Exception(message);
