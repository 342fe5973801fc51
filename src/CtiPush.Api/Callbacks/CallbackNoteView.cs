namespace CtiPush.Callbacks;

public sealed record CallbackNoteView(DateTimeOffset At, string Author, string Text);
