using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace Platform.ServiceDefaults;

public static class OpenApiExtensions
{
    public const string DocumentPath = "/openapi/{documentName}.json";
    private const string BearerScheme = "Bearer";

    /// <summary>
    /// The service's OpenAPI document with the bearer scheme declared and no <c>servers</c>: the document is read
    /// through the gateway (<c>/api/&lt;service&gt;/openapi/v1.json</c>), so operation paths resolve against the
    /// gateway's origin, never the service's internal address.
    /// </summary>
    public static IServiceCollection AddDefaultOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Servers?.Clear();
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "统一身份认证签发的访问令牌（at+jwt）",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
            return Task.CompletedTask;
        }));

    public static IEndpointRouteBuilder MapDefaultOpenApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi(DocumentPath).AllowAnonymous();
        return endpoints;
    }
}
