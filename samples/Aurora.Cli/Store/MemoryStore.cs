using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Aurora.Cli.Store;

/// <summary>
/// The workspace's SQLite store of memories. Opening it runs pending migrations and counts the memories.
/// A corrupt, locked or unreadable file is a <see cref="CliFailure"/> with <see cref="ExitCodes.Store"/>;
/// the file is never deleted or rewritten in that case.
/// </summary>
internal sealed class MemoryStore : IAsyncDisposable
{
    // SQLITE_BUSY / SQLITE_LOCKED / SQLITE_CORRUPT / SQLITE_NOTADB / SQLITE_CANTOPEN / SQLITE_READONLY / SQLITE_PERM / SQLITE_IOERR
    private const int Busy = 5;
    private const int Locked = 6;
    private const int Corrupt = 11;
    private const int NotADatabase = 26;
    private const int CannotOpen = 14;
    private const int ReadOnly = 8;
    private const int Permission = 3;
    private const int IoError = 10;

    private readonly SqliteConnection _connection;

    private MemoryStore(SqliteConnection connection, string path, int memoryCount, int migrationsApplied)
    {
        _connection = connection;
        Path = path;
        MemoryCount = memoryCount;
        MigrationsApplied = migrationsApplied;
    }

    public string Path { get; }

    public int MemoryCount { get; private set; }

    public int MigrationsApplied { get; }

    /// <summary>
    /// Opens (creating when missing) the store, runs pending migrations and counts memories. A lock held by another
    /// process is waited for at most <paramref name="busyTimeoutMs"/>.
    /// </summary>
    public static async Task<MemoryStore> OpenAsync(string path, int busyTimeoutMs, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = Math.Max(1, busyTimeoutMs / 1000),
        };
        var connection = new SqliteConnection(builder.ConnectionString);
        try
        {
            System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, $"PRAGMA busy_timeout = {busyTimeoutMs.ToString(CultureInfo.InvariantCulture)};", cancellationToken).ConfigureAwait(false);
            var applied = await MigrateAsync(connection, cancellationToken).ConfigureAwait(false);
            var count = await CountAsync(connection, cancellationToken).ConfigureAwait(false);
            return new MemoryStore(connection, path, count, applied);
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw Failure(path, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new CliFailure(ExitCodes.Store, $"store {path}: cannot open it ({ex.Message})", ex);
        }
    }

    /// <summary>Creates a store with the full schema and the seed rows (for <c>aur init</c>).</summary>
    public static async Task CreateSeededAsync(string path, CancellationToken cancellationToken)
    {
        await using var store = await OpenAsync(path, 2000, cancellationToken).ConfigureAwait(false);
        if (store.MemoryCount == 0)
        {
            foreach (var (kind, content, agent) in StoreMigrations.SeedRows)
            {
                await store.AddAsync(kind, content, agent, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task AddAsync(string kind, string content, string? agent, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = _connection.CreateCommand();
            command.CommandText = "INSERT INTO memories (kind, content, created_at, agent) VALUES ($kind, $content, $created, $agent);";
            command.Parameters.AddWithValue("$kind", kind);
            command.Parameters.AddWithValue("$content", content);
            command.Parameters.AddWithValue("$created", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("$agent", (object?)agent ?? DBNull.Value);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            MemoryCount++;
        }
        catch (SqliteException ex)
        {
            throw Failure(Path, ex);
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private static async Task<int> MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, StoreMigrations.CreateVersionTable, cancellationToken).ConfigureAwait(false);
        await using var current = connection.CreateCommand();
        current.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";
        var version = Convert.ToInt32(await current.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        if (version >= StoreMigrations.Latest)
        {
            return 0;
        }

        var applied = 0;
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (number, name, sql) in StoreMigrations.All)
        {
            if (number <= version)
            {
                continue;
            }

            await using var migrate = connection.CreateCommand();
            migrate.Transaction = transaction;
            migrate.CommandText = sql + " INSERT INTO schema_version (version, name, applied_at) VALUES ($v, $n, $t);";
            migrate.Parameters.AddWithValue("$v", number);
            migrate.Parameters.AddWithValue("$n", name);
            migrate.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            applied++;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return applied;
    }

    private static async Task<int> CountAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM memories;";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static CliFailure Failure(string path, SqliteException ex)
    {
        var what = ex.SqliteErrorCode switch
        {
            Busy or Locked => "it is locked by another process (try again when that process has finished)",
            Corrupt or NotADatabase => "it is not a valid SQLite database or is corrupt (the file was left untouched; move it away and run `aur init` to start a new store)",
            CannotOpen or Permission or ReadOnly => "it cannot be opened for writing (check its permissions)",
            IoError => "a disk I/O error occurred",
            _ => "SQLite reported an error",
        };
        return new CliFailure(ExitCodes.Store, $"store {path}: {what} [SQLite error {ex.SqliteErrorCode}: {ex.Message}]", ex);
    }
}
