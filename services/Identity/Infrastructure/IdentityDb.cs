using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Identity.Directory;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Scope;

namespace Platform.Identity.Infrastructure;

/// <summary>
/// The identity service's database (identitydb), schema from <c>Infrastructure/Migrations</c>: the region tree,
/// organisations, users (ASP.NET Core Identity's user, claim, login and token tables under our names) and roles, and
/// the OIDC provider's keys, grants and sessions.
/// </summary>
public sealed class IdentityDb(DbContextOptions<IdentityDb> options) : ServiceDbContext(options)
{
    public DbSet<Region> Regions => Set<Region>();

    public DbSet<Organisation> Organisations => Set<Organisation>();

    public DbSet<PlatformUser> Users => Set<PlatformUser>();

    public DbSet<UserRole> UserRoles => Set<UserRole>();
}

internal sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> builder)
    {
        builder.ToTable("regions");
        builder.HasKey(r => r.Code);
        // A region is in scope by its own code.
        builder.HasRegionScope(r => r.Code);
        builder.HasOne<Region>().WithMany().HasForeignKey(r => r.ParentCode);
    }
}

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> builder)
    {
        builder.ToTable("organisations");
        builder.HasKey(o => o.Id);
        // Relationships without navigations: only so EF inserts parents before children in one SaveChanges.
        builder.HasOne<Region>().WithMany().HasForeignKey(o => o.RegionCode);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(o => o.ParentId);
    }
}

internal sealed class PlatformUserConfiguration : IEntityTypeConfiguration<PlatformUser>
{
    public void Configure(EntityTypeBuilder<PlatformUser> builder)
    {
        builder.ToTable("users");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasIndex(u => u.NormalizedUserName).IsUnique();
    }
}

internal sealed class UserRoleConfiguration : IEntityTypeConfiguration<UserRole>
{
    public void Configure(EntityTypeBuilder<UserRole> builder)
    {
        builder.ToTable("user_roles");
        builder.HasKey(r => new { r.UserId, r.Role });
        builder.HasOne<PlatformUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

// ASP.NET Core Identity's UserOnlyStore reads and writes these three sets too.
internal sealed class UserClaimConfiguration : IEntityTypeConfiguration<IdentityUserClaim<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserClaim<Guid>> builder)
    {
        builder.ToTable("user_claims");
        builder.HasKey(c => c.Id);
    }
}

internal sealed class UserLoginConfiguration : IEntityTypeConfiguration<IdentityUserLogin<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserLogin<Guid>> builder)
    {
        builder.ToTable("user_logins");
        builder.HasKey(l => new { l.LoginProvider, l.ProviderKey });
    }
}

internal sealed class UserTokenConfiguration : IEntityTypeConfiguration<IdentityUserToken<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserToken<Guid>> builder)
    {
        builder.ToTable("user_tokens");
        builder.HasKey(t => new { t.UserId, t.LoginProvider, t.Name });
    }
}
