using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;

namespace Platform.ServiceDefaults.Data;

/// <summary>
/// Maps CLR names to the snake_case names our SQL scripts use (<c>OrganisationId</c> → <c>organisation_id</c>),
/// unless a configuration names the table or column explicitly. EFCore.NamingConventions does this too but is not in
/// our registry.
/// </summary>
public sealed class SnakeCaseNamingConvention : IModelFinalizingConvention
{
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        foreach (var entity in modelBuilder.Metadata.GetEntityTypes())
        {
            if (entity.GetTableName() is { } table)
            {
                entity.Builder.ToTable(ToSnakeCase(table));
            }
            foreach (var property in entity.GetProperties())
            {
                property.Builder.HasColumnName(ToSnakeCase(property.GetColumnName()));
            }
        }
    }

    public static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                // A word starts at an upper-case letter after a lower-case one or a digit, or at the last capital of
                // an acronym followed by lower case ("HTTPStatus" → "http_status").
                var startsWord = i > 0 && name[i - 1] != '_'
                    && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1])
                        || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])));
                if (startsWord)
                {
                    builder.Append('_');
                }
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }
}
