using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.Contracts.Common;
using Platform.Contracts.Identity;
using Platform.Identity.Directory;
using Platform.Identity.Infrastructure;
using Platform.ServiceDefaults.Apis;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Scope;

namespace Platform.Identity.Apis;

/// <summary>
/// Users of the caller's region and below. Writers are administrators who may only place users in organisations they
/// can see, grant roles <see cref="PlatformRoles.MayGrant"/> allows them, and touch users all of whose roles they could
/// have granted (a region administrator cannot reset a platform operator's password). Users are never deleted.
/// </summary>
public static partial class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users");
        users.MapGet("/", GetUsers)
            .RequireAuthorization(DirectoryPolicies.ReadDirectory)
            .WithName("GetUsers")
            .WithSummary("用户列表")
            .WithDescription("Users of organisations in the caller's region and below, filtered by region (and below), organisation, role and name.");
        users.MapGet("/{id:guid}", GetUser)
            .RequireAuthorization(DirectoryPolicies.ReadDirectory)
            .WithName("GetUser")
            .WithSummary("用户详情");
        users.MapPost("/", CreateUser)
            .RequireAuthorization(PlatformPolicies.Administrator)
            .WithName("CreateUser")
            .WithSummary("新建用户")
            .WithDescription("Creates a user with a one-time password, returned once; the user must change it at the next sign-in.");
        users.MapPut("/{id:guid}", UpdateUser)
            .RequireAuthorization(PlatformPolicies.Administrator)
            .WithName("UpdateUser")
            .WithSummary("修改用户")
            .WithDescription("Changes a user's profile, organisation, roles or status; disabling ends the user's sessions.");
        users.MapPost("/{id:guid}/reset-password", ResetPassword)
            .RequireAuthorization(PlatformPolicies.Administrator)
            .WithName("ResetUserPassword")
            .WithSummary("重置密码")
            .WithDescription("Sets a new one-time password (returned once), forces a change at the next sign-in, clears a lockout, keeps the authenticator.");
        users.MapPost("/{id:guid}/unlock", Unlock)
            .RequireAuthorization(PlatformPolicies.Administrator)
            .WithName("UnlockUser")
            .WithSummary("解除锁定");
        return users;
    }

    public static async Task<Results<Ok<PagedResult<UserDto>>, ValidationProblem>> GetUsers(
        IdentityDb db, TimeProvider time, string? region, Guid? organisation, string? role, string? q, int? page, int? pageSize, CancellationToken ct)
    {
        var (paging, errors) = Paging.From(page, pageSize);
        if (errors.HasErrors)
        {
            return errors.ToValidationProblem();
        }
        var query = db.VisibleUsers().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(region))
        {
            var prefix = await db.VisibleRegionPrefixAsync(region, ct);
            if (prefix is null)
            {
                return TypedResults.Ok(new PagedResult<UserDto>([], 0, paging.Page, paging.PageSize));
            }
            query = query.Where(u => db.Organisations.Any(o => o.Id == u.OrganisationId && o.RegionCode.StartsWith(prefix)));
        }
        if (organisation is { } organisationId)
        {
            query = query.Where(u => u.OrganisationId == organisationId);
        }
        if (!string.IsNullOrWhiteSpace(role))
        {
            query = query.Where(u => db.UserRoles.Any(r => r.UserId == u.Id && r.Role == role));
        }
        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            var upper = text.ToUpperInvariant();
            query = query.Where(u => u.NormalizedUserName!.Contains(upper) || u.DisplayName.Contains(text));
        }
        var total = await query.CountAsync(ct);
        var ids = await query.OrderBy(u => u.UserName).ThenBy(u => u.Id).Skip(paging.Skip).Take(paging.PageSize).Select(u => u.Id).ToListAsync(ct);
        var items = await db.UserDtosAsync(ids, time.GetUtcNow(), ct);
        return TypedResults.Ok(new PagedResult<UserDto>(items, total, paging.Page, paging.PageSize));
    }

    public static async Task<Results<Ok<UserDto>, NotFound>> GetUser(Guid id, IdentityDb db, TimeProvider time, CancellationToken ct) =>
        await db.FindUserDtoAsync(id, time.GetUtcNow(), ct) is { } user ? TypedResults.Ok(user) : TypedResults.NotFound();

    public static async Task<Results<Created<OneTimePasswordResponse>, ValidationProblem, ProblemHttpResult>> CreateUser(
        CreateUserRequest request, Caller caller, IdentityDb db, UserManager<PlatformUser> users, TimeProvider time, CancellationToken ct)
    {
        var errors = ValidateProfile(request.DisplayName, request.Email, request.PhoneNumber)
            .Required("userName", request.UserName, "用户名")
            .Matches("userName", request.UserName, UserName(), "用户名", "3-64位字母、数字或 . _ @ -，以字母或数字开头")
            .Required("organisationId", request.OrganisationId, "所属机构");
        ValidateRoles(errors, request.Roles);
        if (errors.HasErrors)
        {
            return errors.ToValidationProblem();
        }
        if (await ResolveOrganisation(request.OrganisationId!.Value, caller, db, ct) is { Refusal: { } refused })
        {
            return refused.As<Results<Created<OneTimePasswordResponse>, ValidationProblem, ProblemHttpResult>>(v => v, p => p);
        }
        var roles = request.Roles!.Distinct(StringComparer.Ordinal).ToList();
        if (Ungrantable(caller, roles) is { } forbidden)
        {
            return forbidden;
        }
        if (await users.FindByNameAsync(request.UserName!) is not null)
        {
            return DirectoryProblems.Conflict("userName", $"用户名“{request.UserName}”已被使用");
        }
        var user = new PlatformUser
        {
            Id = Guid.CreateVersion7(),
            UserName = request.UserName,
            DisplayName = request.DisplayName!.Trim(),
            Email = RequestText.NullIfBlank(request.Email),
            PhoneNumber = RequestText.NullIfBlank(request.PhoneNumber),
            OrganisationId = request.OrganisationId.Value,
            MustChangePassword = true,
            IsActive = true,
            LockoutEnabled = true,
            CreatedAt = time.GetUtcNow(),
        };
        var password = OneTimePassword.Generate();
        // Roles and the audit row are saved by the user store's own SaveChanges, in one transaction with the user.
        db.UserRoles.AddRange(roles.Select(role => new UserRole { UserId = user.Id, Role = role }));
        db.Record(caller, DirectoryAudit.UserEntity, user.Id.ToString(), null, DirectoryAudit.Active,
            $"新建用户 {user.UserName}（{user.DisplayName}），角色：{RoleNames(roles)}");
        IdentityResult result;
        try
        {
            result = await users.CreateAsync(user, password);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return DirectoryProblems.Conflict("userName", $"用户名“{request.UserName}”已被使用");
        }
        if (!result.Succeeded)
        {
            return DirectoryProblems.FromIdentity(result);
        }
        var created = (await db.FindUserDtoAsync(user.Id, time.GetUtcNow(), ct))!;
        return TypedResults.Created($"/api/identity/users/{user.Id}", new OneTimePasswordResponse(created, password));
    }

    public static async Task<Results<Ok<UserDto>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateUser(
        Guid id, UpdateUserRequest request, Caller caller, IdentityDb db, UserManager<PlatformUser> users, TimeProvider time, CancellationToken ct)
    {
        var errors = ValidateProfile(request.DisplayName, request.Email, request.PhoneNumber);
        if (request.Roles is not null)
        {
            ValidateRoles(errors, request.Roles);
        }
        if (errors.HasErrors)
        {
            return errors.ToValidationProblem();
        }
        var target = await FindManageable(id, caller, db, ct);
        if (target.User is not { } user)
        {
            return TypedResults.NotFound();
        }
        if (target.Forbidden is { } forbidden)
        {
            return forbidden;
        }
        var self = Guid.TryParse(caller.UserId, out var callerId) && callerId == user.Id;
        var roles = request.Roles?.Distinct(StringComparer.Ordinal).ToList() ?? target.Roles;
        var added = roles.Except(target.Roles).ToList();
        var removed = target.Roles.Except(roles).ToList();
        if (self && (added.Count > 0 || removed.Count > 0))
        {
            return ProblemResults.Forbidden("不能修改自己的角色，请联系上级管理员。", "own_roles");
        }
        if (self && !request.IsActive)
        {
            return new FieldErrors().Add("isActive", "own_account", "不能停用自己的账号").ToUnprocessable();
        }
        if (Ungrantable(caller, added) is { } notGrantable)
        {
            return notGrantable;
        }
        var organisationId = request.OrganisationId ?? user.OrganisationId;
        var (fromOrganisation, toOrganisation) = (user.OrganisationId.ToString(), organisationId.ToString());
        if (organisationId != user.OrganisationId)
        {
            var (organisation, refused) = await ResolveOrganisation(organisationId, caller, db, ct);
            if (refused is not null)
            {
                return refused.As<Results<Ok<UserDto>, NotFound, ValidationProblem, ProblemHttpResult>>(v => v, p => p);
            }
            fromOrganisation = await db.Organisations.Where(o => o.Id == user.OrganisationId).Select(o => o.Name).SingleAsync(ct);
            toOrganisation = organisation!.Name;
        }

        var changes = new ChangeList()
            .Add("姓名", user.DisplayName, request.DisplayName!.Trim())
            .Add("电子邮箱", user.Email, RequestText.NullIfBlank(request.Email))
            .Add("电话", user.PhoneNumber, RequestText.NullIfBlank(request.PhoneNumber))
            .Add("机构", fromOrganisation, toOrganisation)
            .Add("角色", RoleNames(target.Roles), RoleNames(roles))
            .Add("状态", DirectoryAudit.StateOf(user.IsActive), DirectoryAudit.StateOf(request.IsActive));
        var fromState = DirectoryAudit.StateOf(user.IsActive);
        // What the user's tokens carry (organisation, region, roles) or whether they may sign in at all.
        var endsSessions = organisationId != user.OrganisationId || added.Count > 0 || removed.Count > 0 || request.IsActive != user.IsActive;
        user.DisplayName = request.DisplayName.Trim();
        user.Email = RequestText.NullIfBlank(request.Email);
        user.PhoneNumber = RequestText.NullIfBlank(request.PhoneNumber);
        user.OrganisationId = organisationId;
        user.IsActive = request.IsActive;
        db.UserRoles.RemoveRange(await db.UserRoles.Where(r => r.UserId == user.Id && removed.Contains(r.Role)).ToListAsync(ct));
        db.UserRoles.AddRange(added.Select(role => new UserRole { UserId = user.Id, Role = role }));
        if (changes.Any)
        {
            db.Record(caller, DirectoryAudit.UserEntity, user.Id.ToString(), fromState, DirectoryAudit.StateOf(user.IsActive), changes.ToString());
        }
        var result = endsSessions ? await users.UpdateSecurityStampAsync(user) : await users.UpdateAsync(user);
        if (!result.Succeeded)
        {
            return DirectoryProblems.FromIdentity(result);
        }
        return TypedResults.Ok((await db.FindUserDtoAsync(user.Id, time.GetUtcNow(), ct))!);
    }

    public static async Task<Results<Ok<OneTimePasswordResponse>, NotFound, ProblemHttpResult>> ResetPassword(
        Guid id, Caller caller, IdentityDb db, UserManager<PlatformUser> users, TimeProvider time, CancellationToken ct)
    {
        var target = await FindManageable(id, caller, db, ct);
        if (target.User is not { } user)
        {
            return TypedResults.NotFound();
        }
        if (target.Forbidden is { } forbidden)
        {
            return forbidden;
        }
        var password = OneTimePassword.Generate();
        foreach (var validator in users.PasswordValidators)
        {
            if (await validator.ValidateAsync(users, user, password) is { Succeeded: false } invalid)
            {
                return DirectoryProblems.FromIdentity(invalid);
            }
        }
        user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
        user.MustChangePassword = true;
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        db.Record(caller, DirectoryAudit.UserEntity, user.Id.ToString(), DirectoryAudit.StateOf(user.IsActive), DirectoryAudit.PasswordReset,
            "管理员重置密码，下次登录须修改");
        // A new security stamp ends the sessions signed in with the old password.
        var result = await users.UpdateSecurityStampAsync(user);
        if (!result.Succeeded)
        {
            return DirectoryProblems.FromIdentity(result);
        }
        return TypedResults.Ok(new OneTimePasswordResponse((await db.FindUserDtoAsync(user.Id, time.GetUtcNow(), ct))!, password));
    }

    public static async Task<Results<Ok<UserDto>, NotFound, ProblemHttpResult>> Unlock(
        Guid id, Caller caller, IdentityDb db, UserManager<PlatformUser> users, TimeProvider time, CancellationToken ct)
    {
        var target = await FindManageable(id, caller, db, ct);
        if (target.User is not { } user)
        {
            return TypedResults.NotFound();
        }
        if (target.Forbidden is { } forbidden)
        {
            return forbidden;
        }
        var wasLocked = user.LockoutEnd > time.GetUtcNow();
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        db.Record(caller, DirectoryAudit.UserEntity, user.Id.ToString(), wasLocked ? "locked" : DirectoryAudit.StateOf(user.IsActive),
            DirectoryAudit.Unlocked, "管理员解除登录锁定");
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded)
        {
            return DirectoryProblems.FromIdentity(result);
        }
        return TypedResults.Ok((await db.FindUserDtoAsync(user.Id, time.GetUtcNow(), ct))!);
    }

    /// <summary>
    /// The user to change, tracked, with their roles: null when the caller cannot see them (404); forbidden when the
    /// caller could not have granted every role they hold (403).
    /// </summary>
    private static async Task<(PlatformUser? User, List<string> Roles, ProblemHttpResult? Forbidden)> FindManageable(
        Guid id, Caller caller, IdentityDb db, CancellationToken ct)
    {
        var user = await db.VisibleUsers().FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return (null, [], null);
        }
        var roles = await db.RolesOfAsync(user.Id, ct);
        var beyond = roles.Where(role => !PlatformRoles.MayGrant(caller.Roles, role)).ToList();
        return (user, roles, beyond.Count == 0
            ? null
            : ProblemResults.Forbidden($"该用户拥有您无权管理的角色（{RoleNames(beyond)}），请联系上级管理员办理。", "role_above_caller"));
    }

    /// <summary>The organisation a user is placed in: visible (no refusal), outside the caller's scope (403), or unknown (422).</summary>
    private static async Task<(Organisation? Organisation, Refusal? Refusal)> ResolveOrganisation(Guid id, Caller caller, IdentityDb db, CancellationToken ct)
    {
        if (await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct) is { } organisation)
        {
            return (organisation, null);
        }
        return await db.Organisations.IgnoreQueryFilters().AnyAsync(o => o.Id == id, ct)
            ? (null, ProblemResults.Forbidden("只能把用户放在本级及下级区划的机构中。", "out_of_scope"))
            : (null, new FieldErrors().Add("organisationId", "not_found", "所属机构不存在").ToUnprocessable());
    }

    private static ProblemHttpResult? Ungrantable(Caller caller, IEnumerable<string> roles)
    {
        var refused = roles.Where(role => !PlatformRoles.MayGrant(caller.Roles, role)).ToList();
        return refused.Count == 0 ? null : ProblemResults.Forbidden($"您无权授予以下角色：{RoleNames(refused)}。", "role_not_grantable");
    }

    private static FieldErrors ValidateProfile(string? displayName, string? email, string? phoneNumber) => new FieldErrors()
        .Required("displayName", displayName, "姓名")
        .MaxLength("displayName", displayName, 64, "姓名")
        .MaxLength("email", email, 256, "电子邮箱")
        .Matches("email", RequestText.NullIfBlank(email), Email(), "电子邮箱", "name@example.gov.cn")
        .Matches("phoneNumber", RequestText.NullIfBlank(phoneNumber), Phone(), "电话", "5-32位数字，可含 + - 和空格");

    private static void ValidateRoles(FieldErrors errors, IReadOnlyList<string>? roles)
    {
        if (roles is null || roles.Count == 0)
        {
            errors.Add("roles", "required", "至少选择一个角色");
            return;
        }
        foreach (var unknown in roles.Where(role => !PlatformRoles.IsKnown(role)).Distinct())
        {
            errors.Add("roles", "unknown_role", $"角色“{unknown}”不存在");
        }
    }

    private static string RoleNames(IEnumerable<string> roles) =>
        string.Join("、", PlatformRoles.All.Where(roles.Contains).Select(PlatformRoles.DisplayName));

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$")]
    private static partial Regex UserName();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex Email();

    [GeneratedRegex(@"^[0-9+\- ]{5,32}$")]
    private static partial Regex Phone();
}
