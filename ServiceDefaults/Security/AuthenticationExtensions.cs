using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;
using Platform.ServiceDefaults.Migrations;
using Platform.ServiceDefaults.Scope;

namespace Platform.ServiceDefaults.Security;

public static class AuthenticationExtensions
{
    /// <summary>Only access tokens (RFC 9068) are accepted; ID tokens and other JWTs from the same issuer are not.</summary>
    public const string AccessTokenType = "at+jwt";

    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>
    /// JWT bearer authentication against <c>Identity:Url</c> (discovery and JWKS fetched and cached by the handler)
    /// with audience validation always on, and a fallback policy requiring an authenticated user so an endpoint that
    /// forgot its policy is never anonymous by accident, the named <see cref="PlatformPolicies"/>, and the request's
    /// <see cref="Caller"/>. The settings are required unless the process only migrates.
    /// </summary>
    public static TBuilder AddDefaultAuthentication<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var settings = MigrationStartup.IsMigrateRun ? null : IdentitySettings.From(builder.Configuration);
        builder.Services.AddSingleton(sp => settings ?? IdentitySettings.From(sp.GetRequiredService<IConfiguration>()));

        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                if (settings is null)
                {
                    return;
                }
                var authority = settings.Authority.AbsoluteUri.TrimEnd('/');
                options.Authority = authority;
                options.MetadataAddress = $"{authority}/.well-known/openid-configuration";
                options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidAudiences = settings.Audiences,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ValidateIssuerSigningKey = true,
                    ValidTypes = [AccessTokenType],
                    ClockSkew = ClockSkew,
                    NameClaimType = "name",
                    RoleClaimType = "role",
                };
            });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .Build())
            .AddPlatformPolicies();
        builder.Services.AddCallerScope();
        return builder;
    }
}
