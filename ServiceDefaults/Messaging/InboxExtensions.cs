using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Json;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Idempotency;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Scope;

namespace Platform.ServiceDefaults.Messaging;

public static class InboxExtensions
{
    /// <summary>
    /// Maps <c>POST {group}/inbox/{type}</c> for another service's outbox (<see cref="PlatformPolicies.Service"/>).
    /// In one transaction the message's <c>Idempotency-Key</c> is recorded in <c>processed_messages</c> and
    /// <paramref name="handle"/> runs; its tracked changes are saved here. A key already recorded answers 200 without
    /// running it (two deliveries at once: the second waits for the first and then is a repeat). When
    /// <paramref name="handle"/> returns an error result (status ≥ 300) nothing is saved and the key stays free, so
    /// the sender's retry is handled afresh; any other result it returns is the answer, null means 200.
    /// </summary>
    public static RouteHandlerBuilder MapInbox<TDb, TMessage>(this IEndpointRouteBuilder group, string type,
        Func<TDb, TMessage, Caller, CancellationToken, Task<IResult?>> handle) where TDb : ServiceDbContext
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentNullException.ThrowIfNull(handle);
        return group.MapPost($"inbox/{type}", (HttpContext http, TDb db, CancellationToken ct) => ReceiveAsync(http, db, handle, ct))
            .RequireAuthorization(PlatformPolicies.Service)
            .Accepts(typeof(TMessage), "application/json")
            .Produces(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary($"接收消息：{type}")
            .WithTags("Inbox");
    }

    private static async Task<IResult> ReceiveAsync<TDb, TMessage>(HttpContext http, TDb db,
        Func<TDb, TMessage, Caller, CancellationToken, Task<IResult?>> handle, CancellationToken cancellationToken)
        where TDb : ServiceDbContext
    {
        var key = http.Request.Headers[IdempotencyExtensions.HeaderName].ToString().Trim();
        if (IdempotentRequests.CheckKey(key) is { HasErrors: true } errors)
        {
            return errors.ToValidationProblem();
        }

        TMessage? message;
        try
        {
            message = await JsonSerializer.DeserializeAsync<TMessage>(http.Request.Body, ApiJson.Options, cancellationToken);
        }
        catch (JsonException)
        {
            message = default;
        }
        if (message is null)
        {
            return new FieldErrors().Add("body", "invalid_format", "消息内容不是有效的JSON").ToValidationProblem();
        }

        var caller = CallerScope.Current ?? Caller.FromPrincipal(http.User);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // A concurrent delivery of the same key blocks here until the first commits (then this is a repeat) or
            // rolls back (then this one handles it).
            var recorded = await db.Database.ExecuteSqlAsync(
                $"INSERT INTO processed_messages (idempotency_key, received_at) VALUES ({key}, now()) ON CONFLICT DO NOTHING", ct);
            if (recorded == 0)
            {
                await transaction.RollbackAsync(ct);
                return (IResult)TypedResults.Ok();
            }
            var result = await handle(db, message, caller, ct);
            if (result is IStatusCodeHttpResult { StatusCode: >= 300 })
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return result;
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return result ?? TypedResults.Ok();
        }, cancellationToken);
    }
}
