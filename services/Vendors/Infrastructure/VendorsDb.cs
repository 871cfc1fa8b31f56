using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Data;

namespace Platform.Vendors.Infrastructure;

/// <summary>
/// The vendors service's database (vendorsdb), schema from <c>Infrastructure/Migrations</c>. Vendors (第三方机构): the register, engagements, report quality assessment and fee settlement.
/// </summary>
public sealed class VendorsDb(DbContextOptions<VendorsDb> options) : ServiceDbContext(options);
