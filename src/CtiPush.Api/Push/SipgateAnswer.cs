using System.Xml.Linq;
using CtiPush.CallLog;
using CtiPush.Rules;
using CtiPush.Core;

namespace CtiPush.Push;

/// <summary>
/// The answer for a PBX that speaks sipgate.io's push API: XML, and sipgate posts answer and hangup only when
/// the newCall's answer asks for them (<c>onAnswer</c>, <c>onHangup</c>), so every newCall answer points back here.
/// </summary>
public static class SipgateAnswer
{
    public const string ContentType = XmlAnswer.ContentType;

    public static string For(CtiEvent e, Call call, string pushUrl)
    {
        var response = new XElement("Response");
        if (e.Type == CallState.NewCall)
        {
            response.Add(new XAttribute("onAnswer", pushUrl), new XAttribute("onHangup", pushUrl));
            switch (call.Decision.Action)
            {
                case CallDecision.RejectAction:
                    response.Add(new XElement("Reject", new XAttribute("reason", call.Decision.Reason ?? "busy")));
                    break;
                case CallDecision.DialAction:
                    response.Add(new XElement("Dial", new XAttribute("callerId", call.Decision.CallerId ?? ""), new XElement("Number", call.To)));
                    break;
            }
        }
        return XmlAnswer.Write(response);
    }
}
