using System.Xml.Linq;
using CtiPush.CallLog;
using CtiPush.Core;

namespace CtiPush.Push;

/// <summary>
/// The answer for a PBX that speaks Placetel's notify API: XML. Placetel's document (github.com/Placetel/call-control-notify-api,
/// README, "Your XML response" → "Reject") rejects a call with <c>&lt;Response&gt;&lt;Reject reason="busy" /&gt;&lt;/Response&gt;</c>,
/// <c>busy</c> being the only reason it names, or with a bare <c>&lt;Reject /&gt;</c>; anything else gets an empty
/// <c>&lt;Response/&gt;</c>, which leaves the call to Placetel's routing. Placetel reads the answer only where a number is
/// routed to the external API; it takes no caller id, so an outbound call's answer is empty too.
/// </summary>
public static class PlacetelAnswer
{
    public const string BusyReason = "busy";

    public static string For(CtiEvent e, Call call)
    {
        var response = new XElement("Response");
        if (e.Type == CallState.NewCall && call.Decision.Action == CallDecision.RejectAction)
        {
            response.Add(new XElement("Reject", call.Decision.Reason == BusyReason ? new XAttribute("reason", BusyReason) : null));
        }
        return XmlAnswer.Write(response);
    }
}
