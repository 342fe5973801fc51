namespace CtiPush.Phonebook;

public enum ImportStatus
{
    Imported,
    Updated,
    Unchanged,
    Rejected,
}
