using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Text.Json.Serialization;
using Platform.Contracts.Json;

namespace Platform.Contracts.Http;

/// <summary>
/// Turns a query object into a query string the way Refit does: every non-null public property becomes a parameter
/// named as in JSON (<c>[JsonPropertyName]</c> or camelCase), a collection becomes one parameter per item, and names
/// and values are escaped. A dictionary or a sequence of key/value pairs is taken as is.
/// </summary>
public static class ApiQuery
{
    private static readonly ConcurrentDictionary<Type, (string Name, PropertyInfo Property)[]> Properties = new();

    /// <summary>Empty, or <c>?name=value&amp;…</c>.</summary>
    public static string Build(object? query)
    {
        var builder = new StringBuilder();
        foreach (var (name, value) in Pairs(query))
        {
            builder.Append(builder.Length == 0 ? '?' : '&')
                .Append(Uri.EscapeDataString(name))
                .Append('=')
                .Append(Uri.EscapeDataString(value));
        }
        return builder.ToString();
    }

    /// <summary><paramref name="path"/> with the query string of <paramref name="query"/> appended.</summary>
    public static string Append(string path, object? query)
    {
        var queryString = Build(query);
        if (queryString.Length == 0)
        {
            return path;
        }
        return path.Contains('?', StringComparison.Ordinal) ? path + "&" + queryString[1..] : path + queryString;
    }

    private static IEnumerable<(string Name, string Value)> Pairs(object? query)
    {
        switch (query)
        {
            case null:
                yield break;
            case IEnumerable<KeyValuePair<string, string?>> strings:
                foreach (var (name, value) in strings)
                {
                    if (value is not null)
                    {
                        yield return (name, value);
                    }
                }
                yield break;
            case IEnumerable<KeyValuePair<string, object?>> objects:
                foreach (var (name, value) in objects)
                {
                    foreach (var text in Values(value))
                    {
                        yield return (name, text);
                    }
                }
                yield break;
        }
        foreach (var (name, property) in Properties.GetOrAdd(query.GetType(), Describe))
        {
            foreach (var text in Values(property.GetValue(query)))
            {
                yield return (name, text);
            }
        }
    }

    private static IEnumerable<string> Values(object? value)
    {
        if (value is IEnumerable items and not string)
        {
            foreach (var item in items)
            {
                if (ApiValueFormatter.Format(item) is { } text)
                {
                    yield return text;
                }
            }
        }
        else if (ApiValueFormatter.Format(value) is { } text)
        {
            yield return text;
        }
    }

    private static (string, PropertyInfo)[] Describe(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .Select(p => (p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
                ?? ApiJson.Options.PropertyNamingPolicy?.ConvertName(p.Name) ?? p.Name, p))];
}
