using CtiPush.People;
using CtiPush.Data;
using CtiPush.Numbers;

namespace CtiPush.Phonebook;

/// <summary>What every contact handler needs.</summary>
public sealed record ContactServices(CtiPushDbContext Db, PhoneNumberNormalizer Numbers, ContactDependents Dependents, TimeProvider Time, AuditLog Audit);
