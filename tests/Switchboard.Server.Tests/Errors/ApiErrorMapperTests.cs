using Microsoft.Data.Sqlite;
using Switchboard.Server.Errors;

namespace Switchboard.Server.Tests.Errors;

public sealed class ApiErrorMapperTests
{
    [Theory]
    [InlineData(5)] // SQLITE_BUSY
    [InlineData(6)] // SQLITE_LOCKED
    [InlineData(517)] // SQLITE_BUSY_SNAPSHOT, an extended code of SQLITE_BUSY
    public void Map_DatabaseBusyOrLocked_Is503WithRetryAfter(int code)
    {
        var error = ApiErrorMapper.Map(new SqliteException("database is locked", code));

        Assert.Equal((503, "storage_busy", TimeSpan.FromSeconds(1)), (error.Status, error.Code, error.RetryAfter));
    }

    [Fact]
    public void Map_OtherDatabaseFailure_StaysAnInternalError()
    {
        var error = ApiErrorMapper.Map(new SqliteException("disk I/O error", 10));

        Assert.Equal((500, "internal_error"), (error.Status, error.Code));
    }
}
