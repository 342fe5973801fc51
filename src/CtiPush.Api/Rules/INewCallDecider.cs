using CtiPush.CallLog;

namespace CtiPush.Rules;

/// <summary>The seam where the answer to a newCall is decided; it runs inside the request, so it must be fast.</summary>
public interface INewCallDecider
{
    CallDecision Decide(Call call);
}

/// <summary>Until rules are configured nothing applies, and the PBX gets <c>{}</c>.</summary>
internal sealed class NoRulesDecider : INewCallDecider
{
    public CallDecision Decide(Call call) => CallDecision.None;
}
