using Microsoft.EntityFrameworkCore;

namespace CtiPush.Data;

public sealed class PostgresCtiPushDbContext(DbContextOptions<PostgresCtiPushDbContext> options)
    : CtiPushDbContext(options);
