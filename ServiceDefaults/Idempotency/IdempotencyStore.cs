using Npgsql;

namespace Platform.ServiceDefaults.Idempotency;

internal enum ClaimOutcome
{
    /// <summary>The key is this request's now: run it.</summary>
    Claimed,

    /// <summary>The first request with this key is still running.</summary>
    InFlight,

    /// <summary>The key was used for a different request.</summary>
    Reused,

    /// <summary>The same request was answered before: replay <see cref="Claim.Stored"/>.</summary>
    Completed,
}

internal sealed record StoredResponse(int StatusCode, string? ContentType, string? Location, byte[] Body);

internal sealed record Claim(ClaimOutcome Outcome, StoredResponse? Stored = null);

/// <summary>The <c>idempotent_requests</c> table. Each call commits on its own, so a reservation is visible to a concurrent repeat at once.</summary>
internal sealed class IdempotencyStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    public async Task<Claim> ClaimAsync(string subject, string key, string hash, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (Random.Shared.Next(100) == 0)
        {
            await DeleteExpiredAsync(now, cancellationToken);
        }
        // A row can vanish between the insert and the read (its request failed and freed it): try again.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await using (var insert = dataSource.CreateCommand("""
                INSERT INTO idempotent_requests (subject, idempotency_key, request_hash, created_at)
                VALUES ($1, $2, $3, $4)
                ON CONFLICT (subject, idempotency_key) DO NOTHING
                """))
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = subject });
                insert.Parameters.Add(new NpgsqlParameter { Value = key });
                insert.Parameters.Add(new NpgsqlParameter { Value = hash });
                insert.Parameters.Add(new NpgsqlParameter { Value = now });
                if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
                {
                    return new Claim(ClaimOutcome.Claimed);
                }
            }

            await using var select = dataSource.CreateCommand("""
                SELECT request_hash, status_code, content_type, location, response_body, created_at
                FROM idempotent_requests WHERE subject = $1 AND idempotency_key = $2
                """);
            select.Parameters.Add(new NpgsqlParameter { Value = subject });
            select.Parameters.Add(new NpgsqlParameter { Value = key });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                continue;
            }
            var createdAt = reader.GetFieldValue<DateTimeOffset>(5);
            var answered = !reader.IsDBNull(1);
            if (createdAt < now - IdempotentRequests.Retention || (!answered && createdAt < now - IdempotentRequests.Abandoned))
            {
                await reader.DisposeAsync();
                await DeleteAsync(subject, key, createdAt, cancellationToken);
                continue;
            }
            if (!string.Equals(reader.GetString(0), hash, StringComparison.Ordinal))
            {
                return new Claim(ClaimOutcome.Reused);
            }
            if (!answered)
            {
                return new Claim(ClaimOutcome.InFlight);
            }
            return new Claim(ClaimOutcome.Completed, new StoredResponse(
                reader.GetInt32(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? [] : System.Text.Encoding.UTF8.GetBytes(reader.GetString(4))));
        }
        return new Claim(ClaimOutcome.InFlight);
    }

    public async Task CompleteAsync(string subject, string key, StoredResponse response, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE idempotent_requests
            SET status_code = $3, content_type = $4, location = $5, response_body = $6, completed_at = $7
            WHERE subject = $1 AND idempotency_key = $2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = subject });
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        command.Parameters.Add(new NpgsqlParameter { Value = response.StatusCode });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)response.ContentType ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)response.Location ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = System.Text.Encoding.UTF8.GetString(response.Body) });
        command.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Frees a key whose request did not succeed (only while unanswered: a stored answer is never dropped).</summary>
    public async Task ReleaseAsync(string subject, string key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "DELETE FROM idempotent_requests WHERE subject = $1 AND idempotency_key = $2 AND status_code IS NULL");
        command.Parameters.Add(new NpgsqlParameter { Value = subject });
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task DeleteAsync(string subject, string key, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "DELETE FROM idempotent_requests WHERE subject = $1 AND idempotency_key = $2 AND created_at = $3");
        command.Parameters.Add(new NpgsqlParameter { Value = subject });
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        command.Parameters.Add(new NpgsqlParameter { Value = createdAt });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM idempotent_requests WHERE created_at < $1");
        command.Parameters.Add(new NpgsqlParameter { Value = now - IdempotentRequests.Retention });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
