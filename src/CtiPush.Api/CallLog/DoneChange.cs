using System.ComponentModel.DataAnnotations;

namespace CtiPush.CallLog;

public sealed record DoneChange([property: Required(ErrorMessage = "is required: true or false.")] bool? Done);
