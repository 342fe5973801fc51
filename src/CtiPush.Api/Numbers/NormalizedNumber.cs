namespace CtiPush.Numbers;

/// <summary>A phone number in the protocol's own form: E.164 digits without the <c>+</c> (<c>493055571600</c>).</summary>
/// <param name="IsPossible">libphonenumber finds it a possible number; short or internal numbers are kept, but are not.</param>
public readonly record struct NormalizedNumber(string Digits, bool IsPossible)
{
    public override string ToString() => Digits;
}
