using System.ComponentModel;

namespace CtiPush.ScreenPop;

/// <summary>A new screen pop setting; <see cref="AllCalls"/> is required.</summary>
public sealed record ScreenPopSettingRequest(
    [property: Description("true: every inbound call pops up; false: only calls that ring for one of your PBX names")] bool? AllCalls);
