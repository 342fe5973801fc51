namespace CtiPush.Phonebook;

public static class PhonebookLimits
{
    public const int NameLength = 200;
    public const int NoteLength = 1000;
    public const int NumbersPerContact = 20;
}
