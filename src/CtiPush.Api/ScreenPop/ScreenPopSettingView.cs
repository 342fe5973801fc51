using System.ComponentModel;

namespace CtiPush.ScreenPop;

/// <summary>The signed-in person's screen pop setting.</summary>
public sealed record ScreenPopSettingView(
    [property: Description("true: every inbound call pops up; false: only calls that ring for one of your PBX names")] bool AllCalls);
