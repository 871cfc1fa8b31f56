using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Platform.ServiceDefaults.Data;

namespace Platform.ServiceDefaults.Scope;

/// <summary>How a region-scoped entity is mapped: which property holds its region, and the query filter on it.</summary>
public static class RegionScopeModel
{
    /// <summary>Name of the query filter, for <c>IgnoreQueryFilters([RegionScopeModel.FilterName])</c>.</summary>
    public const string FilterName = "RegionScope";

    private const string PropertyAnnotation = "Platform:RegionScopeProperty";

    /// <summary>
    /// Names the mapped property that holds the entity's region when it is not <c>RegionCode</c> (e.g. a region's own
    /// <c>Code</c>, where <see cref="IRegionScoped.RegionCode"/> is implemented explicitly).
    /// </summary>
    public static EntityTypeBuilder<T> HasRegionScope<T>(this EntityTypeBuilder<T> builder, Expression<Func<T, string>> property)
        where T : class, IRegionScoped
    {
        var member = property.Body as MemberExpression
            ?? throw new ArgumentException("Expected a property access such as r => r.Code.", nameof(property));
        builder.HasAnnotation(PropertyAnnotation, member.Member.Name);
        return builder;
    }

    /// <summary>The mapped property holding the region of <paramref name="entityType"/>, an <see cref="IRegionScoped"/> type.</summary>
    public static IReadOnlyProperty RegionProperty(IReadOnlyEntityType entityType)
    {
        var name = entityType.GetRootType().FindAnnotation(PropertyAnnotation)?.Value as string ?? nameof(IRegionScoped.RegionCode);
        return entityType.FindProperty(name)
            ?? throw new InvalidOperationException(
                $"{entityType.ClrType.Name} is IRegionScoped but has no mapped property '{name}'; map RegionCode or name the property with HasRegionScope(...).");
    }

    internal static bool IsScoped(IReadOnlyEntityType entityType) => typeof(IRegionScoped).IsAssignableFrom(entityType.ClrType);

    /// <summary>
    /// <c>e =&gt; context.RegionScopeUnrestricted || (context.RegionScopePrefix != null &amp;&amp; e.Region.StartsWith(context.RegionScopePrefix))</c>.
    /// The context members are read by EF each time a query runs (as for any filter referring to the context), so the
    /// model, built once and shared by all pooled instances, holds no caller.
    /// </summary>
    internal static LambdaExpression Filter(Type clrType, IReadOnlyProperty regionProperty, ServiceDbContext context)
    {
        var entity = Expression.Parameter(clrType, "e");
        var self = Expression.Constant(context, context.GetType());
        var unrestricted = Expression.Property(self, nameof(ServiceDbContext.RegionScopeUnrestricted));
        var prefix = Expression.Property(self, nameof(ServiceDbContext.RegionScopePrefix));
        Expression region = regionProperty.PropertyInfo is { } info
            ? Expression.Property(entity, info)
            : Expression.Call(typeof(EF), nameof(EF.Property), [typeof(string)], entity, Expression.Constant(regionProperty.Name));
        var startsWith = Expression.Call(region, StartsWith, prefix);
        var body = Expression.OrElse(
            unrestricted,
            Expression.AndAlso(Expression.NotEqual(prefix, Expression.Constant(null, typeof(string))), startsWith));
        return Expression.Lambda(body, entity);
    }

    private static readonly MethodInfo StartsWith = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!;
}

/// <summary>Adds <see cref="RegionScopeModel.Filter"/> to every root entity type implementing <see cref="IRegionScoped"/>, once the model is complete.</summary>
internal sealed class RegionScopeConvention(ServiceDbContext context) : IModelFinalizingConvention
{
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> conventionContext)
    {
        foreach (var entityType in modelBuilder.Metadata.GetEntityTypes().Where(t => t.BaseType is null && RegionScopeModel.IsScoped(t)))
        {
            var filter = RegionScopeModel.Filter(entityType.ClrType, RegionScopeModel.RegionProperty(entityType), context);
            entityType.Builder.HasQueryFilter(RegionScopeModel.FilterName, filter);
        }
    }
}
