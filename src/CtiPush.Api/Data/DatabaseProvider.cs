namespace CtiPush.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
