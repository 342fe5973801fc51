namespace CtiPush.ScreenPop;

/// <summary>The calls ringing for the signed-in person now, newest first.</summary>
public sealed record ScreenPopPage(IReadOnlyList<ScreenPopView> Items);
