namespace CtiPush.Notifications;

/// <summary>A receiver's address is not one notifications may go to (see <see cref="ReceiverAddresses"/>).</summary>
public sealed class RefusedAddressException(string message) : Exception(message);
