namespace CtiPush.Rules;

public static class RuleLimits
{
    public const int NoteLength = 500;
}
