namespace CtiPush.Infrastructure;

/// <summary>
/// Masks the secrets a feature knows may reach log text (a token in a URL, say). Register one as a service: every
/// sink writes an event only after each redactor has gone over its message template, every string in its properties
/// and its exception's text (see <see cref="Logging"/>).
/// </summary>
public interface ILogRedactor
{
    /// <summary>The text with every secret masked; the very same string when there is none.</summary>
    string Redact(string text);
}
