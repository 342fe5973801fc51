namespace CtiPush.Callbacks;

public sealed record NoteRequest(string? Text);
