namespace Aurora.Cli.Store;

/// <summary>
/// The store's schema, as ordered migrations. <c>schema_version</c> records which have run; opening the store runs
/// the pending ones in one transaction, so an interrupted migration leaves the previous schema intact.
/// </summary>
internal static class StoreMigrations
{
    public const string CreateVersionTable =
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);";

    public static IReadOnlyList<(int Version, string Name, string Sql)> All { get; } =
    [
        (1, "create memories",
            "CREATE TABLE memories (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, content TEXT NOT NULL, created_at TEXT NOT NULL);"),
        (2, "index memories by kind",
            "CREATE INDEX ix_memories_kind ON memories (kind);"),
        (3, "add agent column",
            "ALTER TABLE memories ADD COLUMN agent TEXT NULL;"),
    ];

    public static int Latest => All[^1].Version;

    /// <summary>The rows <c>aur init</c> seeds a new store with.</summary>
    public static IReadOnlyList<(string Kind, string Content, string? Agent)> SeedRows { get; } =
    [
        ("fact", "Aurora routes each query to the agent whose capabilities match it best.", null),
        ("fact", "Startup budgets live in aurora.budgets.json next to the executable.", null),
        ("preference", "Prefer short answers with a concrete next step.", null),
        ("fact", "Background model loading keeps the embedding table off the critical path.", "researcher"),
    ];
}
