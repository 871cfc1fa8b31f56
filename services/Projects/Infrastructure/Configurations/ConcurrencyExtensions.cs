using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Platform.Projects.Infrastructure.Configurations;

internal static class ConcurrencyExtensions
{
    /// <summary>Maps <c>Version</c> onto PostgreSQL's xmin: every UPDATE checks it, and a stale one fails with a conflict.</summary>
    public static void HasXminVersion<T>(this EntityTypeBuilder<T> builder, System.Linq.Expressions.Expression<Func<T, uint>> version)
        where T : class =>
        builder.Property(version)
            .HasColumnName("xmin")
            .HasColumnType("xid")
            .ValueGeneratedOnAddOrUpdate()
            .IsConcurrencyToken();
}
