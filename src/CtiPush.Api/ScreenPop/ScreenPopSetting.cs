namespace CtiPush.ScreenPop;

/// <summary>A person's choice of which calls pop up on their page: every inbound call, or only those that ring for them.</summary>
public sealed class ScreenPopSetting
{
    public long PersonId { get; set; }

    /// <summary>Every inbound call, not only those whose <c>user[]</c> names one of the person's PBX names.</summary>
    public bool AllCalls { get; set; }
}
