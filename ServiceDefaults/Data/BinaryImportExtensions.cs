using Npgsql;
using NpgsqlTypes;

namespace Platform.ServiceDefaults.Data;

/// <summary>Optional columns of a binary COPY.</summary>
public static class BinaryImportExtensions
{
    /// <summary>Writes <paramref name="value"/> as <paramref name="type"/>, or NULL when there is none.</summary>
    public static Task WriteNullableAsync<T>(this NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken ct) where T : class =>
        value is null ? writer.WriteNullAsync(ct) : writer.WriteAsync(value, type, ct);

    /// <inheritdoc cref="WriteNullableAsync{T}(NpgsqlBinaryImporter, T, NpgsqlDbType, CancellationToken)"/>
    public static Task WriteNullableAsync<T>(this NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken ct) where T : struct =>
        value is { } v ? writer.WriteAsync(v, type, ct) : writer.WriteNullAsync(ct);
}
