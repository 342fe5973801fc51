using System.Xml.Linq;

namespace CtiPush.Push;

/// <summary>The XML answers of the dialects that read XML (sipgate.io, Placetel): a declaration line, then the document.</summary>
public static class XmlAnswer
{
    public const string ContentType = "application/xml";

    public static string Write(XElement response) =>
        new XDocument(new XDeclaration("1.0", "UTF-8", null), response).Declaration + "\n" + response.ToString(SaveOptions.DisableFormatting);
}
