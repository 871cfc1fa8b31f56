using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Data;

namespace Platform.Identity.Infrastructure;

/// <summary>
/// The identity service's database (identitydb), schema from <c>Infrastructure/Migrations</c>. Identity: the OIDC provider (single sign-on), the region tree, organisations, users and roles.
/// </summary>
public sealed class IdentityDb(DbContextOptions<IdentityDb> options) : ServiceDbContext(options);
