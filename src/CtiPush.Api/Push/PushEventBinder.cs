using CtiPush.CallLog;
using CtiPush.Core;

namespace CtiPush.Push;

/// <summary>
/// Turns posted fields into a <see cref="CtiEvent"/>, or into the list of what is wrong, field by field.
/// Fields the protocol does not define are not errors: they stay in the raw event.
/// </summary>
public static class PushEventBinder
{
    public const int MaxUsers = 100;

    public static (CtiEvent? Event, Dictionary<string, string[]> Errors) Bind(PushFields fields)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field, []), message];

        string? Single(string name, int maxLength)
        {
            var values = fields[name];
            if (values.Count > 1)
            {
                Fail(name, "must be sent once.");
                return null;
            }
            var value = values.Count == 1 && !string.IsNullOrWhiteSpace(values[0]) ? values[0].Trim() : null;
            return Checked(name, value, maxLength);
        }

        string? Checked(string name, string? value, int maxLength)
        {
            if (value is null)
            {
                return null;
            }
            if (value.Length > maxLength)
            {
                Fail(name, $"must be at most {maxLength} characters.");
                return null;
            }
            if (value.Any(c => char.IsControl(c) || c is '\uFFFE' or '\uFFFF'))
            {
                Fail(name, "must not contain control characters.");
                return null;
            }
            return value;
        }

        var eventName = Single("event", 20);
        var type = WireName<CallState>.Parse(eventName);
        if (eventName is null)
        {
            Fail("event", "is required: newCall, answer or hangup.");
        }
        else if (type is null)
        {
            Fail("event", "must be newCall, answer or hangup.");
        }

        // Zammad clients send call_id; callId wins where both come.
        var callIdField = fields["callId"].Any(v => !string.IsNullOrWhiteSpace(v)) ? "callId" : "call_id";
        var callId = Single(callIdField, CallLimits.CallIdLength);
        if (callId is null && !errors.ContainsKey(callIdField))
        {
            Fail("callId", "is required.");
        }

        var directionName = Single("direction", 10);
        var direction = WireName<CallDirection>.Parse(directionName);
        if (directionName is not null && direction is null)
        {
            Fail("direction", "must be in or out.");
        }
        else if (directionName is null && type == CallState.NewCall && !errors.ContainsKey("direction"))
        {
            Fail("direction", "is required on newCall: in or out.");
        }

        var from = Single("from", CallLimits.NumberLength);
        var to = Single("to", CallLimits.NumberLength);
        if (type == CallState.NewCall)
        {
            if (from is null && !errors.ContainsKey("from"))
            {
                Fail("from", "is required on newCall.");
            }
            if (to is null && !errors.ContainsKey("to"))
            {
                Fail("to", "is required on newCall.");
            }
        }

        var users = new List<string>();
        foreach (var name in (string[])["user[]", "user"])
        {
            foreach (var user in fields[name])
            {
                if (!string.IsNullOrWhiteSpace(user) && Checked(name, user.Trim(), CallLimits.NameLength) is { } checkedUser)
                {
                    users.Add(checkedUser);
                }
            }
        }
        if (users.Count > MaxUsers)
        {
            Fail("user[]", $"must name at most {MaxUsers} users.");
        }
        else if (type == CallState.Answer && users.Count > 1)
        {
            Fail("user", "names the one user who answered.");
        }

        var queue = Single("queue", CallLimits.NameLength);
        var cause = Single("cause", CallLimits.CauseLength);
        var answeringNumber = Single("answeringNumber", CallLimits.NumberLength);
        // Not a field of the protocol, so never an error: one that is not a usable call id only links nothing.
        var origCallId = fields["origCallId"] is [var orig] && orig.Trim() is { Length: > 0 and <= CallLimits.CallIdLength } trimmed
            && !trimmed.Any(char.IsControl) ? trimmed : null;

        if (errors.Count > 0)
        {
            return (null, errors);
        }
        return (new CtiEvent(type!.Value, callId!, direction, from, to, queue, users, cause, answeringNumber, origCallId), errors);
    }
}
