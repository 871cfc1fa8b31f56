using System.Globalization;
using System.Runtime.CompilerServices;

namespace Platform.Contracts.Http;

/// <summary>
/// Builds a request path from an interpolated string, escaping every hole with <see cref="Uri.EscapeDataString"/>:
/// <c>Route($"/api/projects/{code}/reviews")</c> stays one path segment per value whatever the value contains
/// (<c>/</c>, <c>?</c>, <c>#</c>, Chinese text).
/// </summary>
[InterpolatedStringHandler]
public ref struct ApiRoute
{
    private DefaultInterpolatedStringHandler _builder;

    public ApiRoute(int literalLength, int formattedCount)
    {
        _builder = new DefaultInterpolatedStringHandler(literalLength, formattedCount, CultureInfo.InvariantCulture);
    }

    public void AppendLiteral(string value) => _builder.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => AppendFormatted(value, format: null);

    public void AppendFormatted<T>(T value, string? format)
    {
        var text = ApiValueFormatter.Format(value, format)
            ?? throw new ArgumentNullException(nameof(value), "A route value cannot be null.");
        _builder.AppendLiteral(Uri.EscapeDataString(text));
    }

    public string ToStringAndClear() => _builder.ToStringAndClear();
}

/// <summary>How route and query values are written: invariant culture, ISO 8601 dates, lower-case booleans.</summary>
public static class ApiValueFormatter
{
    public static string? Format(object? value, string? format = null) => value switch
    {
        null => null,
        string text => text,
        bool flag => flag ? "true" : "false",
        DateOnly date => date.ToString(format ?? "yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly time => time.ToString(format ?? "HH:mm:ss", CultureInfo.InvariantCulture),
        DateTime dateTime => dateTime.ToString(format ?? "O", CultureInfo.InvariantCulture),
        DateTimeOffset dateTimeOffset => dateTimeOffset.ToString(format ?? "O", CultureInfo.InvariantCulture),
        Enum enumValue => enumValue.ToString(),
        IFormattable formattable => formattable.ToString(format, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
