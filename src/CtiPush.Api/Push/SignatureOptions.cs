namespace CtiPush.Push;

public sealed class SignatureOptions
{
    public const string DefaultHeader = "X-Signature";

    public string Secret { get; set; } = "";
    public string Header { get; set; } = DefaultHeader;
}
